// 3. Stale detection. (a) on_stale: warn — time from a file write to the daemon's status
// showing the service stale: polled over the daemon's socket every 5 ms (the request
// `stack status --json` makes), and, for a smaller sample, by running `stack status
// --json` in a loop as a person or script would (granularity: one CLI run). After each
// edit `stack restart` makes the service fresh again. (b) on_stale: restart — time from a
// write to the new code being served (GET / answers the new version), vs nodemon and
// `pm2 --watch` restarting the same server.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  NODE, SLEEPY_SERVER, STACK, countedReasons, crowd, daemonGet, freePort, httpGet, killHard, now, onCleanup, run as runCmd, sleep, restartService, stack, stackProject,
  summarize, tempProject, waitForPort,
} from '../lib.mjs';
import { Pm2 } from '../peers.mjs';

export const title = '3. Stale detection and restart on save';

const EDITS = Number(process.env.BENCH_STALE_EDITS || 50);
const CLI_EDITS = Number(process.env.BENCH_STALE_CLI_EDITS || 15);
const RESTART_EDITS = Number(process.env.BENCH_RESTART_EDITS || 20);
/** Idle processes beside the second round of restarts on save (0: none). */
const CROWD = Number(process.env.BENCH_CROWD ?? 500);

function appFiles(port, onStale) {
  return {
    'app/server.js': SLEEPY_SERVER,
    'app/version.js': 'module.exports = 0;\n',
    'app/lib/util.js': '// edited by the benchmark\n',
    'stack.yaml': `name: bench-stale\nservices:\n  app:\n    command: [node, server.js]\n    cwd: app\n    port: ${port}\n    env: { BOOT_MS: "0" }\n    watch: ["**/*.js"]\n    on_stale: ${onStale}\n`,
  };
}

const socketOf = (dir) => path.join(dir, '.stack', 'daemon.sock');
const appStatus = async (dir) => (await daemonGet(socketOf(dir))).services.find((s) => s.name === 'app');

async function until(fn, { timeoutMs = 10_000, every = 5 } = {}) {
  const deadline = now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return now();
    if (now() > deadline) throw new Error('timed out');
    await sleep(every);
  }
}

/** Repeatedly: write `file` with version i, wait until GET / answers i; returns the latencies. */
async function restartLatencies(port, versionFile, edits, start = 1) {
  const samples = [];
  for (let i = start; i < start + edits; i++) {
    await sleep(300); // let the previous restart settle (and mtimes move past the start)
    const t0 = now();
    writeFileSync(versionFile, `module.exports = ${i};\n`);
    const t1 = await until(async () => (await httpGet(port, { timeoutMs: 100 })) === String(i), { timeoutMs: 15_000, every: 2 });
    samples.push(t1 - t0);
  }
  return summarize(samples);
}

/**
 * stack with on_stale: restart. Each save is timed by one poller, as the peers' are: GET /
 * until it answers the new version (even saves), or the daemon's status until a new pid is
 * healthy and fresh (odd saves). Both at once had the status poller ask the daemon every
 * 2 ms while it restarted the service, slowing the very figure compared with nodemon (~10%).
 */
async function stackOnSave(note) {
  const port = await freePort();
  const dir = stackProject('onstale', appFiles(port, 'restart'));
  stack(dir, ['up']);
  await until(async () => (await httpGet(port)) === '0');
  const healthy = [];
  const served = [];
  const failures = [];
  for (let i = 1; i <= 2 * RESTART_EDITS; i++) {
    await sleep(300);
    const before = (await appStatus(dir)).pid;
    const t0 = now();
    writeFileSync(path.join(dir, 'app', 'version.js'), `module.exports = ${i};\n`);
    try {
      if (i % 2 === 0) {
        served.push((await until(async () => (await httpGet(port, { timeoutMs: 100 })) === String(i), { timeoutMs: 5_000, every: 2 })) - t0);
      } else {
        const tHealthy = await until(async () => {
          const s = await appStatus(dir);
          return s.pid !== before && s.health === 'healthy' && s.state === 'running' && !s.stale;
        }, { timeoutMs: 5_000, every: 2 });
        healthy.push(tHealthy - t0);
        await until(async () => (await httpGet(port, { timeoutMs: 100 })) === String(i), { timeoutMs: 5_000, every: 2 });
      }
    } catch {
      // The restart did not bring the service back: say why, and bring it back by hand.
      const s = await appStatus(dir);
      failures.push(`${s.state}: ${s.lastExit?.reason ?? s.healthDetail ?? 'no reason recorded'}`);
      await restartService(dir, 'app', []);
      await until(async () => (await httpGet(port, { timeoutMs: 100 })) === String(i), { timeoutMs: 10_000 });
    }
  }
  if (failures.length) {
    note(`stack on_stale: restart left the service down after ${failures.length} of ${2 * RESTART_EDITS} saves: ${countedReasons(failures)}`);
  }
  stack(dir, ['down']);
  return { served: summarize(served), healthy: summarize(healthy) };
}

/** nodemon restarting the same server: write → new code served. */
async function nodemonOnSave(nodemon) {
  const port = await freePort();
  const dir = tempProject('nodemon', appFiles(port, 'warn'));
  const cwd = path.join(dir, 'app');
  const child = spawn(NODE, [nodemon, '--watch', '.', '-e', 'js', 'server.js'], {
    cwd,
    env: { ...process.env, PORT: String(port), BOOT_MS: '0' },
    detached: true,
    stdio: 'ignore',
  });
  const unregister = onCleanup(() => killHard(child.pid, { group: true }));
  try {
    await waitForPort(port);
    await sleep(1000); // nodemon's watcher is ready a moment after the first start
    return await restartLatencies(port, path.join(cwd, 'version.js'), RESTART_EDITS);
  } finally {
    await killHard(child.pid, { group: true });
    unregister();
  }
}

export async function run({ peers, row, target, note, skip }) {
  // (a) write → status shows stale
  {
    const port = await freePort();
    const dir = stackProject('stale', appFiles(port, 'warn'));
    stack(dir, ['up']);
    const file = path.join(dir, 'app', 'lib', 'util.js');
    const restartFailures = [];
    const fresh = async () => {
      await restartService(dir, 'app', restartFailures);
      await until(async () => {
        const s = await appStatus(dir);
        return s.health === 'healthy' && !s.stale;
      });
      await sleep(50); // a write now is clearly after the process started (10 ms clock resolution)
    };
    const ipc = [];
    for (let i = 0; i < EDITS; i++) {
      await fresh();
      const t0 = now();
      writeFileSync(file, `// edit ${i}\n`);
      const t1 = await until(async () => (await appStatus(dir)).stale, { every: 5 });
      ipc.push(t1 - t0);
    }
    const ipcSummary = summarize(ipc);
    row('write → daemon status stale (socket, 5 ms poll)', ipcSummary, { note: `${EDITS} edits; p95 is the target figure` });
    const cli = [];
    for (let i = 0; i < CLI_EDITS; i++) {
      await fresh();
      const t0 = now();
      writeFileSync(file, `// cli edit ${i}\n`);
      for (;;) {
        const r = runCmd(NODE, [STACK, 'status', '--json'], { cwd: dir });
        if (JSON.parse(r.stdout).services[0].stale) break;
        if (now() - t0 > 10_000) throw new Error('status --json never showed stale');
      }
      cli.push(now() - t0);
    }
    row('write → `stack status --json` stale (CLI loop)', summarize(cli), {
      refs: [['socket poll', ipcSummary]],
      note: `${CLI_EDITS} edits; includes up to one status run (~120 ms) of polling granularity`,
    });
    if (restartFailures.length) {
      note(`\`stack restart app\` failed ${restartFailures.length} times in ${EDITS + CLI_EDITS} restarts (retried): ${countedReasons(restartFailures)}`);
    }
    target('write → stale mark ≤ 20 ms p95', ipcSummary.p95 <= 20, `p95 ${ipcSummary.p95.toFixed(0)} ms, p50 ${ipcSummary.median.toFixed(0)} ms (socket poll)`);
    stack(dir, ['down']);
  }

  // (b) on_stale: restart vs nodemon vs pm2 --watch: write → new code served; then stack
  // and nodemon again with a crowd of idle processes on the machine.
  const stackRestart = await stackOnSave(note);
  row('stack on_stale: restart, write → new code served', stackRestart.served, { note: `${RESTART_EDITS} edits (and as many for the next row, timed apart); includes the stop, the port check and the wait for the save to settle (save-settle.ts)` });
  row('stack on_stale: restart, write → status healthy', stackRestart.healthy);
  if (peers.nodemon) {
    const m = await nodemonOnSave(peers.nodemon);
    row('nodemon, write → new code served', m, { refs: [['stack on_stale', stackRestart.served]] });
    const ratio = stackRestart.served.median / m.median;
    target('save → new code served ≤ 1.0× nodemon', ratio <= 1, `${ratio.toFixed(2)}× (${stackRestart.served.median.toFixed(0)} vs ${m.median.toFixed(0)} ms, medians)`);
  } else skip('nodemon', 'not installed');

  if (CROWD > 0) {
    const stopCrowd = await crowd(CROWD);
    try {
      const crowded = await stackOnSave(note);
      const label = `${CROWD} more processes on the machine`;
      row(`stack on_stale: restart, write → new code served, ${label}`, crowded.served, {
        refs: [['quiet', stackRestart.served]],
        note: 'what reads the process table pays per process: stop, leftovers, port checks',
      });
      if (peers.nodemon) {
        const m = await nodemonOnSave(peers.nodemon);
        row(`nodemon, write → new code served, ${label}`, m, { refs: [['stack on_stale', crowded.served]] });
        const ratio = crowded.served.median / m.median;
        target(`save → new code served ≤ 1.0× nodemon, ${label}`, ratio <= 1, `${ratio.toFixed(2)}× (${crowded.served.median.toFixed(0)} vs ${m.median.toFixed(0)} ms, medians)`);
      }
    } finally {
      await stopCrowd();
    }
  }

  if (peers.pm2) {
    const pm2 = new Pm2(peers.pm2);
    const port = await freePort();
    const dir = tempProject('pm2watch', appFiles(port, 'warn'));
    const cwd = path.join(dir, 'app');
    pm2.start([{ name: 'app', script: 'server.js', cwd, env: { PORT: String(port), BOOT_MS: '0' }, watch: true }]);
    await waitForPort(port);
    await sleep(1000);
    const m = await restartLatencies(port, path.join(cwd, 'version.js'), RESTART_EDITS);
    row('pm2 --watch, write → new code served', m, { refs: [['stack on_stale', stackRestart.served]] });
    await pm2.kill();
  } else skip('pm2 --watch', 'pm2 is not installed');
  void note;
}
