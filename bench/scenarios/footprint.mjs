// 6. Footprint: the supervisor's own process (not its services) with 20 idle services:
// RSS and CPU, sampled from /proc every 5 s for BENCH_FOOTPRINT_SECONDS (default 30)
// after a 5 s settle. stack probes each service's health over HTTP every 2 s; pm2 and
// supervisord have no health checks, they only wait for exits. The three run side by side.
import {
  NODE, background, daemonPid, killHard, onCleanup, footprint, freePorts, pm2Apps, serviceDirs, servicesProject, sleep, stack, stackProject,
  supervisorPrograms, waitForPorts,
} from '../lib.mjs';
import { Pm2, Supervisor } from '../peers.mjs';

export const title = '6. Footprint: supervisor process with 20 idle services (stack: http health every 2 s)';

export async function run({ peers, row, target, note, skip }) {
  const N = 20;
  const seconds = Number(process.env.BENCH_FOOTPRINT_SECONDS || 30);
  const { files } = servicesProject('footprint', await freePorts(N), { health: '{ http: "http://127.0.0.1:${PORT}/", interval: 2s }' });
  const dir = stackProject('footprint', files);
  stack(dir, ['up']);
  const pids = { stack: daemonPid(dir) };

  if (peers.pm2) {
    const pm2 = new Pm2(peers.pm2);
    const { apps } = serviceDirs('footprint-pm2', await freePorts(N));
    pm2.start(pm2Apps(apps));
    await waitForPorts(apps.map((a) => a.port));
    pids.pm2 = pm2.daemonPid();
  } else skip('pm2', 'not installed');
  if (peers.supervisord) {
    const { apps } = serviceDirs('footprint-sv', await freePorts(N));
    const sv = new Supervisor(peers, supervisorPrograms(apps));
    await sv.start();
    await waitForPorts(apps.map((a) => a.port));
    pids.supervisord = sv.pid();
  } else skip('supervisord', 'not installed');

  // Floor: an idle Node process that has loaded nothing.
  const bare = background(NODE, ['-e', 'setInterval(() => {}, 1000)']);
  onCleanup(() => killHard(bare.pid));
  pids.bare = bare.pid;

  await sleep(5000);
  const entries = Object.entries(pids).filter(([, pid]) => pid);
  const measured = Object.fromEntries(
    await Promise.all(entries.map(async ([name, pid]) => [name, await footprint(pid, { durationMs: seconds * 1000, everyMs: 5000 })])),
  );
  const s = measured.stack;
  row('idle `node -e setInterval` (floor)', measured.bare.rss, { unit: 'MB' });
  const rssRefs = Object.keys(measured).filter((k) => k !== 'stack' && k !== 'bare').map((k) => [`${k} RSS`, measured[k].rss]);
  row('stack daemon RSS', s.rss, { unit: 'MB', refs: rssRefs });
  if (measured.pm2) row('pm2 daemon (God) RSS', measured.pm2.rss, { unit: 'MB' });
  if (measured.supervisord) row('supervisord RSS (python)', measured.supervisord.rss, { unit: 'MB' });
  const cpuRefs = Object.keys(measured).filter((k) => k !== 'stack' && k !== 'bare').map((k) => [`${k} CPU`, measured[k].cpu]);
  row('stack daemon CPU (% of a core, 5 s windows)', s.cpu, { unit: '%', refs: cpuRefs });
  if (measured.pm2) row('pm2 daemon CPU', measured.pm2.cpu, { unit: '%' });
  if (measured.supervisord) row('supervisord CPU', measured.supervisord.cpu, { unit: '%' });
  note('pm2 and supervisord do no health checks; stack makes 10 HTTP probes a second here');
  const over = s.rss.median - measured.bare.rss.median;
  target('daemon RSS ≤ idle node + 12 MB', over <= 12, `+${over.toFixed(1)} MB (${s.rss.median.toFixed(1)} vs ${measured.bare.rss.median.toFixed(1)} MB)`);
  if (measured.pm2) {
    const cpuRatio = s.cpu.median / measured.pm2.cpu.median;
    target('daemon CPU ≤ 1.0× pm2', cpuRatio <= 1, `${cpuRatio.toFixed(2)}× (${s.cpu.median.toFixed(2)} vs ${measured.pm2.cpu.median.toFixed(2)} % of a core)`);
    const ratio = s.rss.median / measured.pm2.rss.median;
    target("daemon RSS below PM2's", ratio < 1, `${s.rss.median.toFixed(0)} MB vs ${measured.pm2.rss.median.toFixed(0)} MB (${ratio.toFixed(2)}×)`);
  }
}
