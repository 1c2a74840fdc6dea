// 7. Scale: `stack up` (cold), `stack down` and `stack status` with 10, 50 and 200
// independent services (BENCH_SCALE), each in its own directory. Floor for up: spawning
// the same N servers directly, all at once, until every port listens (what starting N
// Node processes costs this machine; each reports when it listens, no port polling). Growth: the marginal cost per added service
// between consecutive sizes; linear growth keeps it flat.
import { spawn } from 'node:child_process';
import path from 'node:path';
import {
  NODE, STACK, countedReasons, freePortsBelowEphemeral, killHard, measure, measureInterleaved, now, readyListener, servicesProject, stack, stackProject, summarize,
  timeOnce, waitForPortClosed,
} from '../lib.mjs';

const SIZES = (process.env.BENCH_SCALE || '10,50,200').split(',').map(Number).filter((n) => n > 0);
export const title = `7. Scale: ${SIZES.join(' / ')} independent services`;

export async function run({ RUNS, row, target, note }) {
  const per = {};
  for (const N of SIZES) {
    const runs = N >= 100 ? 3 : 5;
    const ports = await freePortsBelowEphemeral(N);
    const { files } = servicesProject(`scale${N}`, ports);
    const dir = stackProject(`scale${N}`, files);

    // The floor's servers report readiness themselves (node -r ready.cjs): polling 200
    // ports would eat the CPU they need to start.
    const ready = await readyListener();
    // Floor and up alternate run by run, so load from elsewhere hits both alike.
    const downs = [];
    const floorFailures = [];
    const m = await measureInterleaved(runs, {
      floor: async () => {
        const t0 = now();
        const children = ports.map((port, i) => {
          const child = spawn(NODE, ['-r', ready.preload, 'server.js'], {
            cwd: path.join(dir, 'svc', `s${i}`),
            env: { ...process.env, ...ready.env, PORT: String(port), BOOT_MS: '0' },
            stdio: ['ignore', 'ignore', 'pipe'],
          });
          let err = '';
          child.stderr.on('data', (d) => (err += d));
          child.on('exit', (code, sig) => {
            if (!stopping) floorFailures.push(`${(/Error: .*/.exec(err) ?? [`exit ${code ?? sig}`])[0]}`);
          });
          return child;
        });
        let stopping = false;
        try {
          return (await ready.waitAll(ports, t0, 60_000)) - t0;
        } catch (error) {
          throw new Error(`${error.message}; servers that exited early: ${countedReasons(floorFailures) || 'none'}`);
        } finally {
          stopping = true;
          await Promise.all(children.map((c) => killHard(c.pid)));
          await Promise.all(ports.map((p) => waitForPortClosed(p)));
        }
      },
      up: () => {
        const ms = timeOnce(NODE, [STACK, 'up'], { cwd: dir });
        const t0 = now();
        stack(dir, ['down']);
        downs.push(now() - t0);
        return ms;
      },
    }, { warmup: 0 });
    const { floor, up } = m;
    if (floorFailures.length) note(`N=${N}: ${floorFailures.length} directly spawned servers exited early: ${countedReasons(floorFailures)}`);
    stack(dir, ['up']);
    const status = await measure(Math.min(RUNS, 10), () => timeOnce(NODE, [STACK, 'status'], { cwd: dir }));
    stack(dir, ['down']);
    per[N] = { floor, up, down: summarize(downs), status };
    row(`N=${N}: spawn N servers directly (floor)`, floor, { refs: [['floor', floor]] });
    row(`N=${N}: stack up (cold)`, up, { refs: [['floor', floor]] });
    row(`N=${N}: stack down`, per[N].down, {});
    row(`N=${N}: stack status`, status, { refs: [[`status N=${SIZES[0]}`, per[SIZES[0]].status]] });
  }

  // Marginal cost per added service between consecutive sizes.
  const marginal = (key, a, b) => (per[b][key].median - per[a][key].median) / (b - a);
  const growth = {};
  for (const key of ['floor', 'up', 'down', 'status']) {
    growth[key] = [];
    for (let i = 1; i < SIZES.length; i++) {
      const [a, b] = [SIZES[i - 1], SIZES[i]];
      growth[key].push({ from: a, to: b, msPerService: marginal(key, a, b) });
    }
    note(`${key}: ${growth[key].map((g) => `${g.msPerService.toFixed(1)} ms/service from ${g.from} to ${g.to}`).join(', ')}`);
  }
  if (SIZES.length >= 3) {
    // Linear growth: the last step's cost per added service is no more than 1.5× the
    // average cost per service over the whole range (+1 ms of slack for noise).
    const verdict = (key) => {
      const [lo, hi] = [SIZES[0], SIZES.at(-1)];
      const average = marginal(key, lo, hi);
      const last = growth[key].at(-1).msPerService;
      return { ok: last <= Math.max(average, 0) * 1.5 + 1, text: `${key}: last step ${last.toFixed(1)} vs average ${average.toFixed(1)} ms/svc` };
    };
    const u = verdict('up');
    const s = verdict('status');
    const f = verdict('floor');
    target('growth ≤ linear in services', u.ok && s.ok, `${u.text}; ${s.text} (floor ${f.text.split(': ')[1]})`);
  }
}
