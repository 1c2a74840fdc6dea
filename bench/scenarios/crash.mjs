// 5. Crash recovery: kill -9 a service, time until its port accepts connections again;
// stack vs pm2 vs supervisord, on the same server (it listens as soon as Node is up).
// Floor: that server's own boot time (spawn → listening), measured here; the overhead is
// recovery minus the floor. Each kill comes after the service has run for 1.2 s (pm2's
// min_uptime is 1 s). supervisord gets 2.5 s: it moves a process from STARTING to RUNNING
// after startsecs=1 on a 1 s tick, and a kill while STARTING means BACKOFF. For stack,
// `stack restart` between kills resets the backoff, so every kill is a "first crash".
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  NODE, SLEEPY_SERVER, countedReasons, daemonGet, freePort, freePorts, killHard, measure, now, pm2Apps, restartService, serviceDirs, sleep, stack,
  stackProject, supervisorPrograms, tempProject, waitForPort, waitForPortClosed,
} from '../lib.mjs';
import { Pm2, Supervisor } from '../peers.mjs';

export const title = '5. Crash recovery: kill -9 → listening again';

async function recovery(pid, port, stableMs = 1200) {
  await sleep(stableMs);
  const t0 = now();
  process.kill(pid, 'SIGKILL');
  await waitForPortClosed(port, { every: 1 });
  const t1 = await waitForPort(port, { every: 2, timeoutMs: 30_000 });
  return t1 - t0;
}

export async function run({ RUNS, peers, row, target, note, skip }) {
  const runs = Math.min(RUNS, 10);

  // Floor: the server's own boot, spawn → listening.
  const floorDir = tempProject('crash-floor', { 'server.js': SLEEPY_SERVER });
  const boot = await measure(runs, async () => {
    const port = await freePort();
    const t0 = now();
    const child = spawn(NODE, ['server.js'], { cwd: floorDir, env: { ...process.env, PORT: String(port), BOOT_MS: '0' }, stdio: 'ignore' });
    const t1 = await waitForPort(port, { every: 2 });
    await killHard(child.pid);
    return t1 - t0;
  });
  const floorRef = ['own boot', boot];
  row("service's own boot (spawn → listening)", boot, { refs: [floorRef] });
  const overheadRow = (name, m) => {
    row(name, m, { refs: [floorRef] });
    const over = m.median - boot.median;
    return over;
  };

  // stack
  const port = await freePort();
  const dir = stackProject('crash', {
    'app/server.js': SLEEPY_SERVER,
    'stack.yaml': `name: bench-crash\nservices:\n  app:\n    command: [node, server.js]\n    cwd: app\n    port: ${port}\n    env: { BOOT_MS: "0" }\n`,
  });
  stack(dir, ['up']);
  const sock = path.join(dir, '.stack', 'daemon.sock');
  const restartFailures = [];
  const stackM = await measure(runs, async () => {
    const pid = (await daemonGet(sock)).services[0].pid;
    const ms = await recovery(pid, port);
    // A person's restart: backoff and crash-loop count start over.
    await restartService(dir, 'app', restartFailures);
    return ms;
  });
  if (restartFailures.length) note(`\`stack restart app\` between kills failed ${restartFailures.length} times (retried): ${countedReasons(restartFailures)}`);
  const stackOver = overheadRow('stack (restart policy)', stackM);
  stack(dir, ['down']);
  const overheads = [['stack', stackOver]];

  if (peers.pm2) {
    const pm2 = new Pm2(peers.pm2);
    const { apps } = serviceDirs('crash-pm2', await freePorts(1));
    pm2.start(pm2Apps(apps));
    await waitForPort(apps[0].port);
    const m = await measure(runs, async () => recovery(pm2.pidOf(apps[0].name), apps[0].port));
    overheads.push(['pm2', overheadRow('pm2 (autorestart)', m)]);
    await pm2.kill();
  } else skip('pm2', 'not installed');

  if (peers.supervisord) {
    const { apps } = serviceDirs('crash-sv', await freePorts(1));
    const sv = new Supervisor(peers, supervisorPrograms(apps));
    await sv.start();
    await waitForPort(apps[0].port);
    const m = await measure(runs, async () => recovery(sv.pidOf(apps[0].name), apps[0].port, 2500));
    overheads.push(['supervisord', overheadRow('supervisord (autorestart)', m)]);
    await sv.stop();
  } else skip('supervisord', 'not installed');

  note(`overhead beyond the own boot (median): ${overheads.map(([n, o]) => `${n} ${o.toFixed(0)} ms`).join(', ')}`);
  target('crash → listening overhead < 100 ms', stackOver < 100, `stack ${stackOver.toFixed(0)} ms beyond the ${boot.median.toFixed(0)} ms boot (${overheads.slice(1).map(([n, o]) => `${n} ${o.toFixed(0)} ms`).join(', ')})`);
}
