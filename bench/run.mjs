// npm run bench: stack side by side with its peers (pm2, supervisord, concurrently +
// wait-on, nodemon, git) and with physical floors measured in the same run. Not a test:
// absolute numbers drift on a shared machine, ratios much less. Prints a table and writes
// bench/results/latest.json. See docs/benchmarks.md.
//
//   BENCH_ONLY=status,up,stale,doctor,crash,footprint,scale,config,dashboard   a subset (default: all)
//   BENCH_RUNS=15        repetitions of the quick figures (the slow ones use fewer)
//   BENCH_STALE_EDITS=50 edits for the stale-mark figure
//   BENCH_TREE_FILES=100000  files in the doctor tree
//   BENCH_SCALE=10,50,200    service counts for the scale figures
import { existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, fmt, installSignalHandlers, now, removeTempDirs, runCleanups, sweepLeftovers } from './lib.mjs';
import { ensurePeers } from './peers.mjs';

const SCENARIOS = {
  status: () => import('./scenarios/status.mjs'),
  up: () => import('./scenarios/up.mjs'),
  stale: () => import('./scenarios/stale.mjs'),
  doctor: () => import('./scenarios/doctor.mjs'),
  crash: () => import('./scenarios/crash.mjs'),
  footprint: () => import('./scenarios/footprint.mjs'),
  scale: () => import('./scenarios/scale.mjs'),
  config: () => import('./scenarios/config.mjs'),
  dashboard: () => import('./scenarios/dashboard.mjs'),
};

const only = (process.env.BENCH_ONLY || '').split(',').map((s) => s.trim()).filter(Boolean);
for (const name of only) {
  if (!SCENARIOS[name]) {
    console.error(`BENCH_ONLY: unknown scenario '${name}' (known: ${Object.keys(SCENARIOS).join(', ')})`);
    process.exit(2);
  }
}
const selected = only.length ? only : Object.keys(SCENARIOS);
const RUNS = Number(process.env.BENCH_RUNS || 15);

const results = [];
const targets = [];
const notes = [];
const skipped = [];
const lines = [];
const out = (line = '') => {
  lines.push(line);
  console.log(line);
};

/**
 * One figure. value: a summary (median, min, max, p5, p95, runs); refs: [[refName, summary]]
 * — the first is the primary reference (its ratio is `ratio` in the JSON).
 */
function row(section, name, value, { unit = 'ms', refs = [], note } = {}) {
  const ratios = refs.filter(([, ref]) => ref && ref.median).map(([refName, ref]) => ({ reference: refName, ratio: value.median / ref.median }));
  const entry = {
    section,
    name,
    unit,
    median: value.median,
    min: value.min,
    max: value.max,
    p5: value.p5 ?? value.min,
    p95: value.p95 ?? value.max,
    runs: value.runs,
    reference: ratios[0]?.reference ?? null,
    ratio: ratios[0]?.ratio ?? null,
    ratios,
    ...(note ? { note } : {}),
  };
  results.push(entry);
  const ratioText = ratios.map((r) => `${r.ratio.toFixed(2)}× ${r.reference}`).join('; ') || '-';
  out(
    `  ${name.padEnd(50)} ${fmt(value.median, unit).padStart(10)} ${fmt(entry.p95, unit).padStart(10)}  ${`${fmt(value.min, unit)}–${fmt(value.max, unit)}`.padEnd(21)} ${String(value.runs).padStart(3)}  ${ratioText}`,
  );
  if (note) out(`      ↳ ${note}`);
  return entry;
}

/** A target from the issue: met or not, with the figure that decides it. */
function target(text, met, evidence) {
  targets.push({ target: text, met, evidence });
}

function note(section, text) {
  notes.push({ section, text });
  out(`      note: ${text}`);
}

function skip(section, what, why) {
  skipped.push({ section, what, why });
  out(`  (skipped) ${what}: ${why}`);
}

installSignalHandlers();
const began = now();
// Others may rebuild dist/ while this runs: say so, since the figures then mix two builds.
const buildFile = path.join(ROOT, 'dist', 'bundle', 'daemon', 'main.js');
const buildStamp = () => {
  try {
    return statSync(existsSync(buildFile) ? buildFile : path.join(ROOT, 'dist', 'daemon', 'main.js')).mtime.toISOString();
  } catch {
    return null;
  }
};
const startBuild = buildStamp();
let failed = false;
out(`stack benchmarks — ${new Date().toISOString()}, node ${process.version}, ${(await import('node:os')).cpus().length} cores, BENCH_RUNS=${RUNS}`);
const peers = ensurePeers();
out(`peers: ${Object.entries(peers.versions).map(([k, v]) => `${k} ${v ?? 'missing'}`).join(', ')}`);
out('');
out(`  ${'figure'.padEnd(50)} ${'median'.padStart(10)} ${'p95'.padStart(10)}  ${'min–max'.padEnd(21)} ${'n'.padStart(3)}  ratio`);
try {
  for (const name of selected) {
    const t0 = now();
    try {
      const mod = await SCENARIOS[name]();
      out('');
      out(`${mod.title}`);
      await mod.run({ RUNS, peers, row: (...a) => row(name, ...a), target, note: (t) => note(name, t), skip: (w, why) => skip(name, w, why) });
    } catch (error) {
      failed = true;
      out(`  ✖ ${name} failed: ${error.stack ?? error}`);
    } finally {
      await runCleanups();
      // Every section must leave nothing running: say so (and kill it) when one did.
      const left = await sweepLeftovers();
      if (left.length > 0) out(`  ⚠ ${name} left ${left.length} processes running (killed now): ${[...new Set(left.map((p) => `${p.cmd} in ${p.cwd}`))].slice(0, 3).join('; ')}`);
    }
    out(`  (${name}: ${fmt(now() - t0)})`);
    const nowBuild = buildStamp();
    if (nowBuild !== startBuild) out(`  ⚠ dist/ was rebuilt during this run (${startBuild} → ${nowBuild}): figures after this point come from another build`);
  }
} finally {
  await runCleanups();
  removeTempDirs();
}

out('');
out('Targets');
for (const t of targets) out(`  ${t.met ? '✔ met   ' : '✖ MISSED'}  ${t.target.padEnd(44)} ${t.evidence}`);
out('');
out(`total ${fmt(now() - began)}`);

mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(
  path.join(ROOT, 'bench', 'results', 'latest.json'),
  JSON.stringify({ at: new Date().toISOString(), node: process.version, build: { atStart: startBuild, atEnd: buildStamp() }, runs: RUNS, scenarios: selected, peers: peers.versions, missingPeers: peers.missing, results, targets, notes, skipped, durationMs: now() - began }, null, 2),
);
writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.txt'), lines.join('\n') + '\n');
console.log('\nwritten to bench/results/latest.json (and the table to latest.txt)');
process.exit(failed ? 1 : 0);
