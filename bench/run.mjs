// npm run bench: side-by-side timings, as ratios to a floor measured in the same run.
// Not a test: numbers drift on a shared machine, ratios much less. Writes
// bench/results/latest.json. See docs/benchmarks.md.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT, STACK, SLEEPY_SERVER, fmt, freePort, measure, tempProject, timeOnce } from './lib.mjs';

const RUNS = Number(process.env.BENCH_RUNS || 15);
const results = [];
const row = (name, value, reference, refName) => {
  const ratio = value.median / reference.median;
  results.push({ name, median: value.median, min: value.min, max: value.max, runs: value.runs, reference: refName, ratio });
  console.log(`${name.padEnd(44)} ${fmt(value.median).padStart(10)}  (${fmt(value.min)}–${fmt(value.max)})  ${ratio.toFixed(2)}× ${refName}`);
};

// 1. CLI latency: stack status with a daemon and 10 services, vs the floor `node -e 0`.
{
  const services = {};
  const files = { 'server.js': SLEEPY_SERVER };
  let yaml = 'services:\n';
  for (let i = 0; i < 10; i++) {
    const port = await freePort();
    yaml += `  s${i}:\n    command: [node, server.js]\n    port: ${port}\n    env: { BOOT_MS: "0" }\n`;
    services[`s${i}`] = port;
  }
  const dir = tempProject('status', { ...files, 'stack.yaml': yaml });
  timeOnce(process.execPath, [STACK, 'up'], { cwd: dir });
  try {
    const floor = measure(RUNS, () => timeOnce(process.execPath, ['-e', '0']));
    row('node -e 0 (floor)', floor, floor, 'floor');
    row('stack status (daemon, 10 services)', measure(RUNS, () => timeOnce(process.execPath, [STACK, 'status'], { cwd: dir })), floor, 'node -e 0');
    row('stack status --json', measure(RUNS, () => timeOnce(process.execPath, [STACK, 'status', '--json'], { cwd: dir })), floor, 'node -e 0');
    row('stack --help', measure(RUNS, () => timeOnce(process.execPath, [STACK, '--help'])), floor, 'node -e 0');
  } finally {
    spawnSync(process.execPath, [STACK, 'down'], { cwd: dir });
  }
}

// 2. Start-up: `stack up` on a chain whose services boot in known times, vs the
// dependency critical path (the sum of the chain's boot times: nothing can beat it).
{
  const boots = [300, 200, 400, 100];
  let yaml = 'services:\n';
  for (const [i, boot] of boots.entries()) {
    yaml += `  c${i}:\n    command: [node, server.js]\n    port: ${await freePort()}\n    env: { BOOT_MS: "${boot}" }\n`;
    if (i > 0) yaml += `    depends_on: [c${i - 1}]\n`;
  }
  // Independent services beside the chain must not lengthen it.
  for (let i = 0; i < 4; i++) yaml += `  side${i}:\n    command: [node, server.js]\n    port: ${await freePort()}\n    env: { BOOT_MS: "250" }\n`;
  const dir = tempProject('up', { 'server.js': SLEEPY_SERVER, 'stack.yaml': yaml });
  // Each hop of the chain also pays for starting node itself: measure that here.
  const nodeStart = measure(RUNS, () => timeOnce(process.execPath, ['-e', "require('node:http').createServer().listen(0, function () { this.close(); })"])).median;
  const criticalPath = boots.reduce((a, b) => a + b, 0) + boots.length * nodeStart;
  const floor = { median: criticalPath, min: criticalPath, max: criticalPath, runs: 1 };
  row('critical path (chain boot + node start each)', floor, floor, 'floor');
  const up = measure(Math.min(RUNS, 7), () => {
    const ms = timeOnce(process.execPath, [STACK, 'up'], { cwd: dir });
    timeOnce(process.execPath, [STACK, 'down'], { cwd: dir });
    return ms;
  });
  row('stack up (4-chain + 4 independent)', up, floor, 'critical path');
}

mkdirSync(path.join(ROOT, 'bench', 'results'), { recursive: true });
writeFileSync(path.join(ROOT, 'bench', 'results', 'latest.json'), JSON.stringify({ at: new Date().toISOString(), node: process.version, results }, null, 2));
console.log('\nwritten to bench/results/latest.json');
