// Shared bits of the benchmarks: timing commands, medians, temp projects, free ports.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STACK = path.join(ROOT, 'bin', 'stack.js');

/** Wall time of one run of a command, in ms. Throws if it fails. */
export function timeOnce(cmd, args, opts = {}) {
  const began = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  if (result.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return ms;
}

/** Median and spread (min–max) of `runs` timings, after one warm-up run. */
export function measure(runs, fn) {
  fn();
  const samples = Array.from({ length: runs }, fn).sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], min: samples[0], max: samples.at(-1), runs };
}

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export function tempProject(name, files) {
  const dir = mkdtempSync(path.join(tmpdir(), `stack-bench-${name}-`));
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

/** A service that listens on $PORT after $BOOT_MS: a known boot time. */
export const SLEEPY_SERVER = `
setTimeout(() => require('node:http').createServer((q, s) => s.end('ok')).listen(process.env.PORT), Number(process.env.BOOT_MS));
process.on('SIGTERM', () => process.exit(0));
`;

export function fmt(ms) {
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(1)} ms`;
}
