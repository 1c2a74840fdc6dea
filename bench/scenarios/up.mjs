// 2. Start-up: a chain of 4 services that boot in 300/200/400/100 ms (each depends on the
// previous being ready) plus 4 independent ones booting in 250 ms. Floor: the critical
// path, the chain's boot times plus one Node start-to-listen per hop. Compared with
// `stack up` (cold: daemon started too; warm: daemon already running), with concurrently
// + wait-on expressing the same ordering, and with pm2 (no ordering: all start at once).
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  NODE, STACK, constant, freePorts, killHard, measure, now, pm2Apps, readyListener, serviceDirs, stack, stackProject,
  timeOnce, waitForPortClosed,
} from '../lib.mjs';
import { Pm2 } from '../peers.mjs';

export const title = '2. Start-up: 4-service chain (300→200→400→100 ms boots) + 4 independent (250 ms)';

const CHAIN = [300, 200, 400, 100];
const SIDE = 250;

export async function run({ RUNS, peers, row, target, note, skip }) {
  const runs = Math.min(RUNS, 7);
  const boots = [...CHAIN, SIDE, SIDE, SIDE, SIDE];
  const names = boots.map((_, i) => (i < CHAIN.length ? `c${i}` : `side${i - CHAIN.length}`));

  // Floor: Node's start-to-listen, once per hop of the chain.
  const nodeStart = await measure(RUNS, () =>
    timeOnce(NODE, ['-e', "require('node:http').createServer().listen(0, '127.0.0.1', function () { this.close(); })"]),
  );
  const critical = CHAIN.reduce((a, b) => a + b, 0) + CHAIN.length * nodeStart.median;
  const floor = constant(critical);
  row('critical path (chain boots + node start per hop)', floor, { refs: [['critical path', floor]], note: `node start-to-listen ${nodeStart.median.toFixed(1)} ms (median of ${RUNS})` });
  const refs = [['critical path', floor]];
  const ready = await readyListener();

  // A second floor that includes what the machine pays for the workload itself: the same
  // processes in the same order, spawned directly by this process the moment the previous
  // one listens (each reports it through a `node -r` preload: no polling). On 2 cores the
  // chain head boots alongside the 4 independent services, so its Node start is slower than
  // the isolated one the critical path counts.
  const { apps: directApps } = serviceDirs('up-direct', await freePorts(boots.length), { boot: (i) => boots[i] });
  const direct = await measure(runs, async () => {
    const began = now();
    const children = [];
    const start = (a) => children.push(spawn(NODE, ['-r', ready.preload, 'server.js'], { cwd: a.cwd, env: { ...process.env, ...a.env, ...ready.env }, stdio: 'ignore', detached: true }));
    start(directApps[0]);
    directApps.slice(CHAIN.length).forEach(start);
    for (let i = 1; i < CHAIN.length; i++) {
      await ready.waitAll([directApps[i - 1].port], began);
      start(directApps[i]);
    }
    const t = await ready.waitAll(directApps.map((a) => a.port), began);
    await Promise.all(children.map((c) => killHard(c.pid, { group: true })));
    await Promise.all(directApps.map((a) => waitForPortClosed(a.port)));
    return t - began;
  });
  row('same order, spawned directly (no supervisor)', direct, {
    refs,
    note: 'a zero-overhead orchestrator: what this workload costs on this machine (contention included)',
  });
  refs.push(['direct', direct]);

  // stack
  const ports = await freePorts(boots.length);
  const files = { 'svc/server.js': (await import('../lib.mjs')).SLEEPY_SERVER };
  let yaml = 'name: bench-up\nservices:\n';
  boots.forEach((boot, i) => {
    yaml += `  ${names[i]}:\n    command: [node, server.js]\n    cwd: svc\n    port: ${ports[i]}\n    env: { BOOT_MS: "${boot}" }\n`;
    if (i > 0 && i < CHAIN.length) yaml += `    depends_on: [${names[i - 1]}]\n`;
  });
  files['stack.yaml'] = yaml;
  const dir = stackProject('up', files);
  const cold = await measure(runs, () => {
    const ms = timeOnce(NODE, [STACK, 'up'], { cwd: dir });
    stack(dir, ['down']);
    return ms;
  });
  row('stack up, cold (starts its daemon too)', cold, { refs });
  stack(dir, ['up']);
  const warm = await measure(runs, () => {
    stack(dir, ['down', ...names]); // named: the daemon stays
    return timeOnce(NODE, [STACK, 'up'], { cwd: dir });
  });
  row('stack up, warm (daemon already running)', warm, { refs });
  stack(dir, ['down']);
  target('stack up, warm ≤ 1.10× critical path', warm.median / critical <= 1.1, `cold ${(cold.median / critical).toFixed(2)}×, warm ${(warm.median / critical).toFixed(2)}× (${cold.median.toFixed(0)} / ${warm.median.toFixed(0)} vs ${critical.toFixed(0)} ms); vs spawning directly in order: cold ${(cold.median / direct.median).toFixed(2)}×, warm ${(warm.median / direct.median).toFixed(2)}×`);

  // concurrently + wait-on: the same ordering, written the way people write it.
  // The peers' services report readiness themselves (node -r ready.cjs): no port polling
  // competing with them for the 2 cores.
  if (peers.concurrently && peers.waitOn) {
    const { apps } = serviceDirs('up-conc', await freePorts(boots.length), { boot: (i) => boots[i] });
    const timeConcurrently = async (waitOnFlags) => {
      const commands = apps.map((a, i) => {
        const start = `cd ${a.cwd} && PORT=${a.port} BOOT_MS=${a.env.BOOT_MS} exec ${NODE} -r ${ready.preload} server.js`;
        if (i === 0 || i >= CHAIN.length) return start;
        return `${NODE} ${peers.waitOn} ${waitOnFlags} tcp:127.0.0.1:${apps[i - 1].port} && ${start}`;
      });
      const began = now();
      const child = spawn(NODE, [peers.concurrently, '--raw', ...commands], { detached: true, stdio: 'ignore', env: { ...process.env, ...ready.env } });
      try {
        const t = await ready.waitAll(apps.map((a) => a.port), began, 30_000);
        return t - began;
      } finally {
        await killHard(child.pid, { group: true, graceMs: 1000 });
        await Promise.all(apps.map((a) => waitForPortClosed(a.port)));
      }
    };
    const def = await measure(runs, () => timeConcurrently(''));
    row('concurrently + wait-on (wait-on defaults)', def, {
      refs: [...refs, ['stack up cold', cold]],
      note: 'wait-on defaults: polls every 250 ms and waits a 750 ms stability window per hop',
    });
    const tuned = await measure(runs, () => timeConcurrently('-i 20 -w 20'));
    row('concurrently + wait-on -i 20 -w 20 (tuned)', tuned, { refs: [...refs, ['stack up cold', cold]] });
  } else skip('concurrently + wait-on', 'not installed');

  // pm2: no dependency ordering, so everything starts at once; its own floor is the
  // longest single boot, not the chain.
  if (peers.pm2) {
    const pm2 = new Pm2(peers.pm2);
    const { apps } = serviceDirs('up-pm2', await freePorts(boots.length), { boot: (i) => boots[i] });
    pm2.cmd(['ping']); // start its daemon outside the timing: this is pm2 "warm"
    const pm2Up = await measure(runs, async () => {
      const began = now();
      pm2.start(pm2Apps(apps.map((a) => ({ ...a, env: { ...a.env, ...ready.env } })), { node_args: ['-r', ready.preload] }));
      const t = await ready.waitAll(apps.map((a) => a.port), began);
      pm2.cmd(['delete', 'all']);
      await Promise.all(apps.map((a) => waitForPortClosed(a.port)));
      return t - began;
    });
    row('pm2 start, warm daemon (NO ordering)', pm2Up, {
      refs,
      note: `pm2 has no depends_on: all 8 start at once (its floor is the longest boot, ${Math.max(...boots)} ms + node start), so it is not doing the same job`,
    });
  } else skip('pm2 start', 'pm2 is not installed');
  void note;
  void path;
}
