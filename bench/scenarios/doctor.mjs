// 4. Doctor on a big tree: a generated, committed git repository of 100k source files (1000
// directories × 100) that is one service's cwd (watch: default "**").
//   - cold: no daemon; a server started by hand (not by stack) holds the service's port,
//     so doctor reports it as foreign and scans all 100k files against its start time;
//   - warm: the service runs under the daemon, which already watches the tree;
//   - reference: `git status` on the same tree (stats every tracked file too);
//   - floors: `find -newer` stating every file once, and node running doctor's gits and
//     nothing else (floors/git-listing.cjs): what this design costs before doctor's own work.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  NODE, SLEEPY_SERVER, STACK, background, daemonPid, freePort, killHard, measureInterleaved, now, onCleanup,
  procSample, run as runCmd, sleep, stack, stackProject, summarize, timeOnce, waitForPort, waitForPortClosed,
} from '../lib.mjs';

const LISTING_FLOOR = fileURLToPath(new URL('../floors/git-listing.cjs', import.meta.url));

export const title = `4. Doctor on a big tree (${Number(process.env.BENCH_TREE_FILES || 100_000).toLocaleString('en')} files, committed to git)`;

const FILES = Number(process.env.BENCH_TREE_FILES || 100_000);
const PER_DIR = 100;

function generateTree(root) {
  const dirs = Math.ceil(FILES / PER_DIR);
  let n = 0;
  for (let d = 0; d < dirs && n < FILES; d++) {
    const dir = path.join(root, 'src', `m${String(Math.floor(d / 10)).padStart(3, '0')}`, `d${d % 10}`);
    mkdirSync(dir, { recursive: true });
    for (let f = 0; f < PER_DIR && n < FILES; f++, n++) writeFileSync(path.join(dir, `f${f}.js`), `export const v${n} = ${n};\n`);
  }
  writeFileSync(path.join(root, 'server.js'), SLEEPY_SERVER);
  writeFileSync(path.join(root, '.gitignore'), 'node_modules/\n.stack/\n');
  // An ignored dependency tree: neither git nor stack should walk it.
  mkdirSync(path.join(root, 'node_modules', 'dep'), { recursive: true });
  for (let f = 0; f < 2000; f++) writeFileSync(path.join(root, 'node_modules', 'dep', `f${f}.js`), '//\n');
}

export async function run({ RUNS, row, target, note }) {
  const runs = Math.min(RUNS, 10);
  const port = await freePort();
  const dir = stackProject('doctor', {
    'stack.yaml': `name: bench-doctor\nservices:\n  big:\n    command: [node, server.js]\n    cwd: tree\n    port: ${port}\n    env: { BOOT_MS: "0" }\n`,
  });
  const tree = path.join(dir, 'tree');
  let t0 = now();
  generateTree(tree);
  const git = (args) => {
    const r = runCmd("git", ["-C", tree, ...args]);
    if (r.status !== 0) throw new Error(`git ${args.join(' ')}: ${r.stderr}`);
    return r;
  };
  git(['init', '-q']);
  git(['add', '-A']);
  git(['-c', 'user.name=bench', '-c', 'user.email=bench@localhost', 'commit', '-q', '-m', 'tree']);
  note(`tree generated and committed in ${((now() - t0) / 1000).toFixed(1)} s`);

  // Cold: a server started by hand on the port; doctor has no daemon to ask.
  const foreign = background(NODE, ['server.js'], { cwd: tree, env: { ...process.env, PORT: String(port), BOOT_MS: '0' } });
  const unregister = onCleanup(() => killHard(foreign.pid));
  await waitForPort(port);
  await sleep(100);
  const sample = stack(dir, ['doctor', '--json'], { allowFail: true });
  const report = JSON.parse(sample.stdout);
  if (!report.findings.some((f) => f.check === 'port-conflict' || /foreign|not started by stack|did not start/.test(f.message))) {
    note(`cold doctor did not see the foreign process as expected: ${sample.stdout.slice(0, 300)}`);
  }
  if (daemonPid(dir)) throw new Error('a daemon is running: the cold doctor figure would be warm');
  // The stat floor: GNU find stating every file of the tree once, on one thread, pruning
  // node_modules and .git as stack does (what a full scan costs before any JavaScript).
  const findArgs = [tree, '(', '-name', 'node_modules', '-o', '-name', '.git', ')', '-prune', '-o', '-type', 'f', '-newermt', '@4000000000', '-print'];
  const cold = await measureInterleaved(runs, {
    git: () => timeOnce('git', ['-C', tree, 'status'], {}),
    find: () => timeOnce('find', findArgs, {}),
    floor: () => timeOnce(NODE, [LISTING_FLOOR, tree], {}),
    doctor: () => timeOnce(NODE, [STACK, 'doctor'], { cwd: dir, okStatus: [0, 1] }),
  });
  await killHard(foreign.pid);
  unregister();
  await waitForPortClosed(port);
  // Cold, nothing on the port: the scan is skipped (no process to compare with).
  const idle = await measureInterleaved(runs, {
    doctor: () => timeOnce(NODE, [STACK, 'doctor'], { cwd: dir, okStatus: [0, 1] }),
  });

  const gitRef = ['git status', cold.git];
  row('git status (reference)', cold.git, { refs: [gitRef] });
  row('find -newer, every file stat\'ed once (stat floor, 1 thread)', cold.find, { refs: [gitRef] });
  row('node running doctor\'s gits, nothing else (this design\'s floor)', cold.floor, { refs: [gitRef] });
  row(`stack doctor, cold, foreign process (full scan)`, cold.doctor, { refs: [gitRef, ['design floor', cold.floor], ['stat floor', cold.find]] });
  row('stack doctor, cold, service stopped (no scan)', idle.doctor, { refs: [gitRef] });
  const coldRatio = cold.doctor.median / cold.git.median;
  target('cold doctor ≤ 1.5× git status', coldRatio <= 1.5, `${coldRatio.toFixed(2)}× (${cold.doctor.median.toFixed(0)} vs ${cold.git.median.toFixed(0)} ms; find stating the same files: ${cold.find.median.toFixed(0)} ms; node and doctor's gits alone: ${(cold.floor.median / cold.git.median).toFixed(2)}×)`);

  // Warm: the daemon runs the service and watches the tree; `up` returns once the watcher
  // has crawled it.
  t0 = now();
  stack(dir, ['up']);
  const upMs = now() - t0;
  t0 = now();
  const pid = JSON.parse(stack(dir, ['status', '--json']).stdout).daemon.pid;
  const firstStatusMs = now() - t0;
  // Then wait until the daemon goes quiet (under 5% CPU for 2 s).
  let prev = procSample(pid);
  let quietFor = 0;
  const watchBegan = now();
  while (quietFor < 4 && now() - watchBegan < 120_000) {
    await sleep(500);
    const s = procSample(pid);
    quietFor = s.cpuMs - prev.cpuMs < 25 ? quietFor + 1 : 0;
    prev = s;
  }
  const rssMB = procSample(pid).rss / 2 ** 20;
  const daemonCpuS = prev.cpuMs / 1000;
  const warm = await measureInterleaved(runs, {
    git: () => timeOnce('git', ['-C', tree, 'status'], {}),
    doctor: () => timeOnce(NODE, [STACK, 'doctor'], { cwd: dir, okStatus: [0, 1] }),
  });
  row('stack doctor, warm (daemon watching the tree)', warm.doctor, { refs: [['git status', warm.git]] });
  row('  git status, same runs', warm.git, { refs: [['git status', warm.git]] });
  row('stack up on the tree (daemon cold)', summarize([upMs]), { refs: [['git status', cold.git]] });
  row('first stack status after that up', summarize([firstStatusMs]), {
    refs: [['git status', cold.git]],
    note: `up returned once the watcher had crawled the tree (daemon CPU ${daemonCpuS.toFixed(1)} s so far)`,
  });
  row('daemon RSS watching the tree', summarize([rssMB]), { unit: 'MB', note: 'the daemon watching the tree; compare with the footprint rows (20 small services)' });
  stack(dir, ['down']);

  // What stale-by-content costs `up` (issue 15: at most +10%): the baseline (git's index
  // kept, `git status` of the tree) runs beside the watcher's crawl, and `up` waits for
  // both. Cold daemon each time; STACK_STALE_BY=mtime skips the baseline.
  const upRuns = Math.min(runs, 5);
  const timedUp = (env) => () => {
    const ms = timeOnce(NODE, [STACK, 'up'], { cwd: dir, env: { ...process.env, ...env } });
    stack(dir, ['down']);
    return ms;
  };
  const baseline = await measureInterleaved(upRuns, {
    byContent: timedUp({}),
    byMtime: timedUp({ STACK_STALE_BY: 'mtime' }),
    gitStatus: () => timeOnce('git', ['--no-optional-locks', 'status', '--porcelain=v1', '-z', '--untracked-files=all', '--', '.'], { cwd: tree }),
  });
  row('stack up on the tree, stale by content (cold daemon)', baseline.byContent, { refs: [['up by mtime', baseline.byMtime]] });
  row('stack up on the tree, STACK_STALE_BY=mtime (cold daemon)', baseline.byMtime, { refs: [['git status', cold.git]] });
  row('  git status of the tree, as the baseline runs it', baseline.gitStatus, { refs: [['git status', cold.git]] });
  const costRatio = baseline.byContent.median / baseline.byMtime.median;
  target('up with stale-by-content ≤ 1.10× up by mtime (100k files)', costRatio <= 1.1, `${costRatio.toFixed(2)}× (${baseline.byContent.median.toFixed(0)} vs ${baseline.byMtime.median.toFixed(0)} ms)`);
}
