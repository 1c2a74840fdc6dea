// Shared bits of the benchmarks: timing commands, statistics, temp projects, free ports,
// process accounting from /proc, and a cleanup list that also runs on Ctrl-C.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export { sleep };
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const STACK = path.join(ROOT, 'bin', 'stack.js');
export const NODE = process.execPath;
export const now = () => Number(process.hrtime.bigint()) / 1e6;

/** Wall time of one run of a command, in ms. Throws if it fails (unless okStatus allows it). */
export function timeOnce(cmd, args, opts = {}) {
  const { okStatus = [0], ...spawnOpts } = opts;
  const began = process.hrtime.bigint();
  const result = spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20, ...spawnOpts });
  const ms = Number(process.hrtime.bigint() - began) / 1e6;
  if (!okStatus.includes(result.status)) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}): ${String(result.stderr).slice(-2000)}${String(result.stdout).slice(-1000)}`);
  }
  return ms;
}

/** Runs a command to completion (no timing); returns spawnSync's result. */
export function run(cmd, args, opts = {}) {
  return spawnSync(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 << 20, ...opts });
}

/** `node bin/stack.js …` in dir. Throws on a non-zero exit unless allowFail. */
export function stack(dir, args, { allowFail = false, env } = {}) {
  const result = run(NODE, [STACK, ...args], { cwd: dir, env: env ? { ...process.env, ...env } : process.env });
  if (result.status !== 0 && !allowFail) {
    throw new Error(`stack ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  return result;
}

/** Summary of a list of samples: median, min, max, p5, p95, mean. */
export function summarize(samples) {
  const s = [...samples].sort((a, b) => a - b);
  const q = (p) => {
    if (s.length === 0) return NaN;
    const i = (s.length - 1) * p;
    const lo = Math.floor(i);
    const hi = Math.ceil(i);
    return s[lo] + (s[hi] - s[lo]) * (i - lo);
  };
  return {
    median: q(0.5),
    min: s[0],
    max: s.at(-1),
    p5: q(0.05),
    p95: q(0.95),
    mean: s.reduce((a, b) => a + b, 0) / (s.length || 1),
    runs: s.length,
  };
}

/** Median and spread of `runs` timings (sync or async fn), after `warmup` discarded runs. */
export async function measure(runs, fn, { warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn(i - warmup);
  const samples = [];
  for (let i = 0; i < runs; i++) samples.push(await fn(i));
  return { ...summarize(samples), samples };
}

/** A fixed value as a summary (for computed floors). */
export function constant(value) {
  return { median: value, min: value, max: value, p5: value, p95: value, mean: value, runs: 1 };
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

/** `count` distinct free ports. */
export async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

const tempDirs = [];
/** A temp dir of this run (`stack-bench-<name>-…`): removed at the end, and swept for leftover processes after each section. */
export function benchTempDir(name) {
  const dir = mkdtempSync(path.join(tmpdir(), `stack-bench-${name}-`));
  tempDirs.push(dir);
  return dir;
}

export function tempProject(name, files = {}) {
  const dir = benchTempDir(name);
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), content);
  }
  return dir;
}

export function removeTempDirs() {
  for (const dir of tempDirs.splice(0)) {
    try {
      // A daemon that is still exiting may write one more file into .stack.
      rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch (error) {
      console.error(`could not remove ${dir}: ${error.message}`);
    }
  }
}

/**
 * A service that listens on $PORT after $BOOT_MS: a known boot time. GET / answers with
 * $VERSION_TAG's value from version.js when there is one (so a benchmark can tell that
 * new code is served), else "ok".
 */
export const SLEEPY_SERVER = `
let version = 'ok';
try { version = String(require('./version.js')); } catch {}
setTimeout(() => require('node:http').createServer((q, s) => s.end(version)).listen(process.env.PORT, '127.0.0.1'), Number(process.env.BOOT_MS || 0));
process.on('SIGTERM', () => process.exit(0));
process.on('SIGINT', () => process.exit(0));
`;

/** Resolves when something accepts TCP connections on port (polls every `every` ms). */
export async function waitForPort(port, { timeoutMs = 30_000, every = 5, host = '127.0.0.1' } = {}) {
  const deadline = now() + timeoutMs;
  for (;;) {
    if (await canConnect(port, host)) return now();
    if (now() > deadline) throw new Error(`nothing listens on ${host}:${port} after ${timeoutMs} ms`);
    await sleep(every);
  }
}

export async function waitForPortClosed(port, { timeoutMs = 30_000, every = 5 } = {}) {
  const deadline = now() + timeoutMs;
  while (await canConnect(port)) {
    if (now() > deadline) throw new Error(`port ${port} still open after ${timeoutMs} ms`);
    await sleep(every);
  }
}

export function canConnect(port, host = '127.0.0.1') {
  return new Promise((resolve) => {
    const socket = createConnection({ port, host });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** GET http://127.0.0.1:port/ → body, or null on any error. */
export function httpGet(port, { timeoutMs = 500 } = {}) {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/', timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve(body));
      res.on('error', () => resolve(null));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
    req.end();
  });
}

/** JSON over the stack daemon's unix socket (the same request `stack status --json` makes). */
export function daemonGet(socketPath, urlPath = '/status') {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath, path: urlPath, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (body += c));
      res.on('end', () => {
        try {
          resolve(JSON.parse(body));
        } catch (error) {
          reject(error);
        }
      });
    });
    req.on('error', reject);
    req.end();
  });
}

// ---- /proc accounting (Linux) ----

export const CLK_TCK = Number(run('getconf', ['CLK_TCK']).stdout.trim()) || 100;

/** { rss (bytes), cpuMs (user+system), threads } of one pid, or null when it is gone. */
export function procSample(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is field 3 (state): utime is field 14, stime 15 → indices 11, 12.
    const cpuMs = ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    const threads = Number(/Threads:\s+(\d+)/.exec(status)?.[1] ?? 0);
    let fds = null;
    try {
      fds = readdirSync(`/proc/${pid}/fd`).length;
    } catch {
      /* not ours to read */
    }
    return { rss: rssKb * 1024, cpuMs, threads, fds };
  } catch {
    return null;
  }
}

/**
 * Watches one pid for `durationMs`: RSS every `everyMs`, CPU% over each window.
 * Returns { rss: summary (MB), cpu: summary (% of one core per window) }.
 */
export async function footprint(pid, { durationMs = 20_000, everyMs = 1000 } = {}) {
  const rss = [];
  const cpu = [];
  let prev = procSample(pid);
  let prevAt = now();
  const end = now() + durationMs;
  while (now() < end) {
    await sleep(everyMs);
    const s = procSample(pid);
    const at = now();
    if (!s || !prev) throw new Error(`pid ${pid} went away while measuring it`);
    rss.push(s.rss / 2 ** 20);
    cpu.push(((s.cpuMs - prev.cpuMs) / (at - prevAt)) * 100);
    prev = s;
    prevAt = at;
  }
  return { rss: summarize(rss), cpu: summarize(cpu) };
}

/** Every descendant pid of `pid` (from the ppid field of every /proc/PID/stat). */
export function descendants(pid) {
  const children = new Map();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (!children.has(ppid)) children.set(ppid, []);
      children.get(ppid).push(Number(entry));
    } catch {
      /* gone */
    }
  }
  const out = [];
  const queue = [pid];
  while (queue.length) for (const c of children.get(queue.shift()) ?? []) out.push(c), queue.push(c);
  return out;
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGTERM, then SIGKILL after graceMs, a pid (or a process group when group is true). */
export async function killHard(pid, { group = false, graceMs = 2000 } = {}) {
  const target = group ? -pid : pid;
  try {
    process.kill(target, 'SIGTERM');
  } catch {
    return;
  }
  const end = now() + graceMs;
  while (now() < end && isAlive(pid)) await sleep(20);
  try {
    process.kill(target, 'SIGKILL');
  } catch {
    /* gone */
  }
}

/**
 * Processes still running with their cwd in one of this run's temp dirs: what a peer (or
 * stack) left behind when its section ended. Linux (/proc); elsewhere none are found.
 */
export function leftoverProcesses() {
  if (process.platform !== 'linux' || tempDirs.length === 0) return [];
  const found = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!Number.isInteger(pid) || pid === process.pid) continue;
    try {
      const cwd = readlinkSync(`/proc/${pid}/cwd`).replace(/ \(deleted\)$/, '');
      if (!tempDirs.some((dir) => cwd === dir || cwd.startsWith(`${dir}/`))) continue;
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
      found.push({ pid, cwd, cmd });
    } catch {
      /* gone, or not ours to read */
    }
  }
  return found;
}

/** Kills what leftoverProcesses() finds; returns what it found, so the run can say so. */
export async function sweepLeftovers() {
  const left = leftoverProcesses();
  await Promise.all(left.map((p) => killHard(p.pid, { graceMs: 500 })));
  return left;
}

/**
 * `count` idle processes beside the benchmark, in a process group of their own: a
 * developer's machine runs hundreds (browsers, editors, language servers), this one ~70,
 * and whatever reads the process table pays per process. Resolves once they all run, to
 * a function that stops them (also run at cleanup).
 */
export async function crowd(count) {
  const dir = benchTempDir('crowd');
  const script = `i=0; while [ $i -lt ${count} ]; do sleep 3600 & i=$((i+1)); done; echo started; wait`;
  const child = spawn('sh', ['-c', script], { cwd: dir, detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
  await new Promise((resolve, reject) => {
    child.stdout.once('data', resolve);
    child.once('exit', () => reject(new Error('the crowd of idle processes did not start')));
  });
  const stop = () => killHard(child.pid, { group: true, graceMs: 500 });
  const unregister = onCleanup(stop);
  return async () => {
    unregister();
    await stop();
  };
}

/** Starts a detached background process (own process group); returns the ChildProcess. */
export function background(cmd, args, opts = {}) {
  const child = spawn(cmd, args, { detached: true, stdio: 'ignore', ...opts });
  child.unref();
  return child;
}

// ---- cleanup: always undo what a benchmark started, also on Ctrl-C ----

const cleanups = [];
/** Registers fn to run at the end (last registered runs first); returns an unregister function. */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

export async function runCleanups() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error(`cleanup failed: ${error.message}`);
    }
  }
}

let handlersInstalled = false;
export function installSignalHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, async () => {
      console.error(`\n${sig}: stopping what the benchmark started…`);
      await runCleanups();
      await sweepLeftovers();
      removeTempDirs();
      process.exit(130);
    });
  }
}

/** A stack project: `stack down` at cleanup (which also ends its daemon). */
export function stackProject(name, files) {
  const dir = tempProject(name, files);
  onCleanup(() => {
    stack(dir, ['down'], { allowFail: true });
  });
  return dir;
}

/** The daemon pid of a running project (status --json), or null. */
export function daemonPid(dir) {
  const r = stack(dir, ['status', '--json'], { allowFail: true });
  try {
    return JSON.parse(r.stdout).daemon.pid ?? null;
  } catch {
    return null;
  }
}

/**
 * A stack.yaml for `names` services, each in its own directory svc/<name>/ with the
 * sleepy server. opts: boot (ms or fn(i)), health (yaml flow map string), extra (fn(i) → yaml lines).
 */
export function servicesProject(label, ports, { boot = 0, health, extra, prefix = 's' } = {}) {
  const files = {};
  let yaml = `name: bench-${label}\nservices:\n`;
  ports.forEach((port, i) => {
    const name = `${prefix}${i}`;
    files[`svc/${name}/server.js`] = SLEEPY_SERVER;
    const bootMs = typeof boot === 'function' ? boot(i) : boot;
    yaml += `  ${name}:\n    command: [node, server.js]\n    cwd: svc/${name}\n    port: ${port}\n    env: { BOOT_MS: "${bootMs}" }\n`;
    if (health) yaml += `    health: ${health}\n`;
    if (extra) yaml += extra(i);
  });
  files['stack.yaml'] = yaml;
  return { files, yaml };
}

// ---- formatting ----

export function fmt(value, unit = 'ms') {
  if (value === null || value === undefined || Number.isNaN(value)) return '-';
  if (unit === 'ms') {
    if (value >= 1000) return `${(value / 1000).toFixed(2)} s`;
    if (value >= 100) return `${value.toFixed(0)} ms`;
    return `${value.toFixed(1)} ms`;
  }
  if (unit === 'MB') return `${value.toFixed(1)} MB`;
  if (unit === '%') return `${value.toFixed(2)} %`;
  if (unit === 'ms/svc') return `${value.toFixed(1)} ms/svc`;
  return `${value.toFixed(2)} ${unit}`;
}

/**
 * Like measure, for several commands at once: each run times every command once, in
 * turn, so slow drifts of a shared machine hit them alike. fns: { key: fn }.
 */
export async function measureInterleaved(runs, fns, { warmup = 1 } = {}) {
  const samples = Object.fromEntries(Object.keys(fns).map((k) => [k, []]));
  for (let i = -warmup; i < runs; i++) {
    for (const [key, fn] of Object.entries(fns)) {
      const ms = await fn(i);
      if (i >= 0) samples[key].push(ms);
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([k, s]) => [k, { ...summarize(s), samples: s }]));
}

/** Waits until every port accepts connections; resolves to the time (now()) the last one did. */
export async function waitForPorts(ports, opts) {
  const times = await Promise.all(ports.map((p) => waitForPort(p, opts)));
  return Math.max(...times);
}

/**
 * The same services as servicesProject, for a peer: a temp dir with svc/<name>/server.js
 * per port. Returns { dir, apps: [{ name, cwd, port, env }] }.
 */
export function serviceDirs(label, ports, { boot = 0, prefix = 's' } = {}) {
  const files = {};
  const names = ports.map((_, i) => `${prefix}${i}`);
  for (const name of names) files[`svc/${name}/server.js`] = SLEEPY_SERVER;
  const dir = tempProject(label, files);
  const apps = ports.map((port, i) => ({
    name: names[i],
    cwd: path.join(dir, 'svc', names[i]),
    port,
    env: { PORT: String(port), BOOT_MS: String(typeof boot === 'function' ? boot(i) : boot) },
  }));
  return { dir, apps };
}

export const pm2Apps = (apps, extra = {}) => apps.map((a) => ({ name: a.name, script: 'server.js', cwd: a.cwd, env: a.env, autorestart: true, ...extra }));
export const supervisorPrograms = (apps) => apps.map((a) => ({ name: a.name, command: `${NODE} server.js`, directory: a.cwd, env: a.env }));

/**
 * `stack restart <svc>`, tried up to `attempts` times: a restart can fail when the new
 * process finds the port still held by the one just stopped (see docs/benchmarks.md,
 * "problems found"). Each failed attempt's first error line goes to `failures`.
 */
export async function restartService(dir, service, failures = [], attempts = 5) {
  for (let i = 1; ; i++) {
    const r = stack(dir, ['restart', service], { allowFail: true });
    if (r.status === 0) return;
    const line = `${r.stdout}\n${r.stderr}`.split('\n').find((l) => l.startsWith('✖')) ?? `exit ${r.status}`;
    failures.push(line.replace(/port \d+/, 'port N').replace(/^✖\s*/, '').trim());
    if (i >= attempts) throw new Error(`stack restart ${service} failed ${attempts} times: ${failures.at(-1)}`);
    await sleep(200);
  }
}

/** "3× reason; 1× other" */
export function countedReasons(list) {
  const counts = new Map();
  for (const r of list) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n}× ${r}`).join('; ');
}

/**
 * Readiness without polling: servers started with `node -r <preload>` and
 * BENCH_READY_PORT in their environment report "<port>\n" to this listener the moment
 * they listen. Polling many ports every few ms costs CPU that the tool being timed then
 * lacks on a 2-core machine; this costs one connection per start.
 */
export async function readyListener() {
  const preloadDir = tempProject('ready', {
    'ready.cjs': `const to = Number(process.env.BENCH_READY_PORT);
if (to) {
  const net = require('node:net');
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    this.once('listening', () => {
      const { port } = this.address();
      const s = net.connect(to, '127.0.0.1', () => s.end(port + '\\n'));
      s.on('error', () => {});
    });
    return listen.apply(this, args);
  };
}
`,
  });
  const seen = new Map(); // port → [times]
  const waiters = new Set();
  const server = createServer((sock) => {
    let buf = '';
    sock.setEncoding('utf8');
    sock.on('data', (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const port = Number(buf.slice(0, i));
        buf = buf.slice(i + 1);
        if (!seen.has(port)) seen.set(port, []);
        seen.get(port).push(now());
        for (const w of [...waiters]) w();
      }
    });
    sock.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const close = () => new Promise((resolve) => server.close(() => resolve()));
  onCleanup(close);
  return {
    preload: path.join(preloadDir, 'ready.cjs'),
    env: { BENCH_READY_PORT: String(server.address().port) },
    /** Resolves with the time the last of `ports` reported listening after `since`. */
    waitAll(ports, since, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const times = ports.map((p) => (seen.get(p) ?? []).find((t) => t >= since));
          if (times.every((t) => t !== undefined)) {
            waiters.delete(check);
            clearTimeout(timer);
            resolve(Math.max(...times));
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`not all of ${ports.length} ports reported listening in ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close,
  };
}

/** Whether 127.0.0.1:port can be bound right now. */
function canBind(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

/**
 * `count` free ports below the kernel's ephemeral range. With hundreds of services, a
 * port picked from the ephemeral range can be taken by some outgoing connection before
 * the service binds it (seen here as EADDRINUSE with 200 services on a busy machine).
 */
export async function freePortsBelowEphemeral(count) {
  let low = 32768;
  try {
    low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]) || low;
  } catch {
    /* not Linux: assume the usual range */
  }
  const from = Math.max(10_000, low - 12_000);
  const ports = new Set();
  for (let attempts = 0; ports.size < count && attempts < count * 20; attempts++) {
    const port = from + Math.floor(Math.random() * (low - from));
    if (!ports.has(port) && (await canBind(port))) ports.add(port);
  }
  if (ports.size < count) return freePorts(count);
  return [...ports];
}
