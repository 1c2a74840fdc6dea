// npm run soak: 20 services for SOAK_MINUTES (default 10) with 1 s health checks, sampling
// the stack daemon's RSS, CPU and open file descriptors every SOAK_SAMPLE_SECONDS
// (default 5) from /proc. Not a timed test: it looks for growth (a leak) and idle cost.
// Prints a table over time and the growth (first vs last RSS, least-squares slope), and
// writes bench/results/soak.json. See docs/benchmarks.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  ROOT, daemonPid, freePorts, installSignalHandlers, now, procSample, removeTempDirs, runCleanups,
  servicesProject, sleep, stack, stackProject, summarize,
} from './lib.mjs';

const MINUTES = Number(process.env.SOAK_MINUTES || 10);
const EVERY_S = Number(process.env.SOAK_SAMPLE_SECONDS || 5);
const SERVICES = Number(process.env.SOAK_SERVICES || 20);

installSignalHandlers();

/** Least-squares slope of y over x. */
function slope(xs, ys) {
  const n = xs.length;
  if (n < 2) return 0;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  for (let i = 0; i < n; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

try {
  const ports = await freePorts(SERVICES);
  const { files } = servicesProject('soak', ports, { health: '{ http: "http://127.0.0.1:${PORT}/", interval: 1s }' });
  const dir = stackProject('soak', files);
  console.log(`soak: ${SERVICES} services, http health every 1 s, ${MINUTES} min, a sample every ${EVERY_S} s (${dir})`);
  stack(dir, ['up']);
  const pid = daemonPid(dir);
  if (!pid) throw new Error('no daemon pid in status --json');
  console.log(`daemon pid ${pid}\n`);
  console.log('   time   RSS (MB)   CPU (% of a core, last window)   fds   threads');

  const samples = [];
  const began = now();
  let prev = procSample(pid);
  let prevAt = began;
  samples.push({ t: 0, rssMB: prev.rss / 2 ** 20, cpuPct: null, fds: prev.fds, threads: prev.threads });
  let lastPrinted = -Infinity;
  const print = (s) => {
    const mm = `${Math.floor(s.t / 60)}:${String(Math.round(s.t % 60)).padStart(2, '0')}`;
    const cpu = s.cpuPct === null ? '-' : s.cpuPct.toFixed(2);
    console.log(`${mm.padStart(7)}   ${s.rssMB.toFixed(1).padStart(8)}   ${cpu.padStart(30)}   ${String(s.fds).padStart(4)}   ${String(s.threads).padStart(7)}`);
  };
  print(samples[0]);
  const end = began + MINUTES * 60_000;
  while (now() < end - 1000) {
    await sleep(Math.min(EVERY_S * 1000, end - now()));
    const s = procSample(pid);
    const at = now();
    if (!s) throw new Error(`the daemon (pid ${pid}) went away during the soak`);
    const sample = { t: (at - began) / 1000, rssMB: s.rss / 2 ** 20, cpuPct: ((s.cpuMs - prev.cpuMs) / (at - prevAt)) * 100, fds: s.fds, threads: s.threads };
    samples.push(sample);
    prev = s;
    prevAt = at;
    // One line a minute (and the last), the rest goes to soak.json.
    if (sample.t - lastPrinted >= 59 || now() >= end - 1000) {
      print(sample);
      lastPrinted = sample.t;
    }
  }

  const status = JSON.parse(stack(dir, ['status', '--json']).stdout);
  const restarts = status.services.reduce((a, s) => a + s.restarts, 0);
  const unhealthy = status.services.filter((s) => s.health !== 'healthy').map((s) => s.name);

  const t = samples.map((s) => s.t / 60);
  const rss = samples.map((s) => s.rssMB);
  // Skip the first minute for the slope: the heap settles after start-up.
  const settled = samples.filter((s) => s.t >= 60);
  const cpu = summarize(samples.slice(1).map((s) => s.cpuPct));
  const result = {
    at: new Date().toISOString(),
    node: process.version,
    services: SERVICES,
    healthInterval: '1s',
    minutes: MINUTES,
    sampleEverySeconds: EVERY_S,
    daemonPid: pid,
    rss: {
      firstMB: rss[0],
      lastMB: rss.at(-1),
      maxMB: Math.max(...rss),
      growthMB: rss.at(-1) - rss[0],
      slopeMBPerMin: slope(t, rss),
      slopeAfterFirstMinuteMBPerMin: slope(settled.map((s) => s.t / 60), settled.map((s) => s.rssMB)),
    },
    cpuPercent: { median: cpu.median, mean: cpu.mean, p95: cpu.p95, max: cpu.max },
    fds: { first: samples[0].fds, last: samples.at(-1).fds },
    endState: { restarts, unhealthy },
    samples,
  };
  console.log(`
RSS: first ${result.rss.firstMB.toFixed(1)} MB, last ${result.rss.lastMB.toFixed(1)} MB, max ${result.rss.maxMB.toFixed(1)} MB; growth ${result.rss.growthMB >= 0 ? '+' : ''}${result.rss.growthMB.toFixed(1)} MB
slope: ${result.rss.slopeMBPerMin.toFixed(3)} MB/min over the whole run, ${result.rss.slopeAfterFirstMinuteMBPerMin.toFixed(3)} MB/min after the first minute
CPU: median ${cpu.median.toFixed(2)} %, mean ${cpu.mean.toFixed(2)} %, p95 ${cpu.p95.toFixed(2)} %, max ${cpu.max.toFixed(2)} % of one core
fds: ${result.fds.first} → ${result.fds.last}; at the end: ${restarts} restarts, ${unhealthy.length ? `not healthy: ${unhealthy.join(', ')}` : 'all healthy'}`);
  mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
  writeFileSync(path.join(ROOT, 'bench', 'results', 'soak.json'), JSON.stringify(result, null, 2));
  console.log('\nwritten to bench/results/soak.json');
} finally {
  await runCleanups();
  removeTempDirs();
}
