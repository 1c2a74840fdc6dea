// The tools stack is compared with. The harness installs them itself: the npm ones into
// bench/.peers (gitignored), supervisor from apt when running as root. A peer that cannot
// be installed is reported and its rows are skipped; the run goes on.
//
// pm2 runs with PM2_HOME in a temp dir (isolated from any PM2 of yours) and supervisord
// with a generated config whose unix socket lives in a temp dir; both are killed at the
// end (cleanup list in lib.mjs, also on Ctrl-C).
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { NODE, ROOT, benchTempDir, isAlive, killHard, onCleanup, run, sleep } from './lib.mjs';

export const PEERS_DIR = path.join(ROOT, 'bench', '.peers');
const NPM_PEERS = {
  pm2: 'pm2/bin/pm2',
  nodemon: 'nodemon/bin/nodemon.js',
  concurrently: 'concurrently/dist/bin/concurrently.js',
  'wait-on': 'wait-on/bin/wait-on',
};

function npmScript(name) {
  const file = path.join(PEERS_DIR, 'node_modules', NPM_PEERS[name]);
  return existsSync(file) ? file : null;
}

function which(bin) {
  const r = run('sh', ['-c', `command -v ${bin}`]);
  return r.status === 0 ? r.stdout.trim() : null;
}

function version(cmd, args) {
  const r = run(cmd, args);
  return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n').at(-1) : null;
}

/**
 * Installs what is missing; returns { pm2, nodemon, concurrently, waitOn: script paths
 * run with node (or null), supervisord, supervisorctl: binaries (or null), versions, missing: [why] }.
 */
export function ensurePeers({ quiet = false } = {}) {
  const say = (line) => quiet || console.log(line);
  const missing = [];
  if (Object.keys(NPM_PEERS).some((name) => !npmScript(name))) {
    say(`installing peers into bench/.peers: ${Object.keys(NPM_PEERS).join(', ')} …`);
    const r = run('npm', ['install', '--prefix', PEERS_DIR, '--no-audit', '--no-fund', '--loglevel=error', ...Object.keys(NPM_PEERS)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    if (r.status !== 0) say(`  npm install failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  }
  for (const name of Object.keys(NPM_PEERS)) if (!npmScript(name)) missing.push(`${name}: not installed (npm install --prefix bench/.peers ${name} failed)`);

  if (!which('supervisord') || !which('supervisorctl')) {
    if (process.getuid?.() === 0) {
      say('installing supervisor with apt-get …');
      const r = run('sh', ['-c', 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq supervisor'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      if (r.status !== 0) say(`  apt-get failed (${r.status}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
    } else {
      say('supervisord is missing and this is not root: skipping its rows (apt-get install supervisor to include them)');
    }
  }
  const supervisord = which('supervisord');
  const supervisorctl = which('supervisorctl');
  if (!supervisord || !supervisorctl) missing.push('supervisord: not installed');

  const peers = {
    pm2: npmScript('pm2'),
    nodemon: npmScript('nodemon'),
    concurrently: npmScript('concurrently'),
    waitOn: npmScript('wait-on'),
    supervisord,
    supervisorctl,
    missing,
  };
  const pkgVersion = (name) => {
    try {
      return JSON.parse(readFileSync(path.join(PEERS_DIR, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      return null;
    }
  };
  peers.versions = {
    node: process.version,
    pm2: peers.pm2 && pkgVersion('pm2'),
    nodemon: peers.nodemon && pkgVersion('nodemon'),
    concurrently: peers.concurrently && pkgVersion('concurrently'),
    'wait-on': peers.waitOn && pkgVersion('wait-on'),
    supervisord: supervisord && version(supervisord, ['--version']),
    git: version('git', ['--version']),
  };
  for (const m of missing) say(`  ✖ ${m} — its rows are skipped`);
  return peers;
}

/** A PM2 of its own: PM2_HOME in a temp dir; `pm2 kill` (and SIGKILL of its daemon) at cleanup. */
export class Pm2 {
  constructor(script) {
    this.script = script;
    this.home = benchTempDir('pm2');
    this.env = { ...process.env, PM2_HOME: this.home, PM2_DISCRETE_MODE: 'true' };
    this.unregister = onCleanup(() => this.kill());
  }

  /** argv to run pm2 with (node + its script), for timing. */
  argv(args) {
    return [NODE, [this.script, ...args], { env: this.env }];
  }

  cmd(args, { allowFail = false } = {}) {
    const r = run(NODE, [this.script, ...args], { env: this.env });
    if (r.status !== 0 && !allowFail) throw new Error(`pm2 ${args.join(' ')} failed (${r.status}): ${r.stderr}${r.stdout}`);
    return r;
  }

  /** Starts apps [{ name, script, cwd, env, watch }] from an ecosystem file. */
  start(apps) {
    const file = path.join(this.home, `ecosystem-${Date.now()}.json`);
    writeFileSync(file, JSON.stringify({ apps }, null, 2));
    this.cmd(['start', file]);
  }

  jlist() {
    return JSON.parse(this.cmd(['jlist']).stdout);
  }

  pidOf(name) {
    return this.jlist().find((p) => p.name === name)?.pid ?? null;
  }

  daemonPid() {
    try {
      return Number(readFileSync(path.join(this.home, 'pm2.pid'), 'utf8').trim()) || null;
    } catch {
      return null;
    }
  }

  async kill() {
    const pid = this.daemonPid();
    this.cmd(['kill'], { allowFail: true });
    if (pid && isAlive(pid)) await killHard(pid);
    rmSync(this.home, { recursive: true, force: true });
    this.unregister();
  }
}

/**
 * A supervisord of its own: config, socket, logs and pidfile in a temp dir. programs:
 * [{ name, command, directory, env }]. shutdown (and SIGKILL of its pid) at cleanup.
 */
export class Supervisor {
  constructor(bins, programs) {
    this.bins = bins;
    this.dir = benchTempDir('sv');
    this.conf = path.join(this.dir, 'supervisord.conf');
    this.pidfile = path.join(this.dir, 'supervisord.pid');
    const sock = path.join(this.dir, 'supervisor.sock');
    let conf = `[unix_http_server]
file=${sock}
chmod=0700

[supervisord]
logfile=${path.join(this.dir, 'supervisord.log')}
pidfile=${this.pidfile}
childlogdir=${this.dir}
nodaemon=false
silent=true

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://${sock}
`;
    for (const p of programs) {
      const env = Object.entries(p.env ?? {}).map(([k, v]) => `${k}="${v}"`).join(',');
      conf += `
[program:${p.name}]
command=${p.command}
directory=${p.directory}
environment=${env}
autostart=true
autorestart=true
startsecs=1
stopasgroup=true
killasgroup=true
stdout_logfile=${path.join(this.dir, `${p.name}.log`)}
redirect_stderr=true
`;
    }
    writeFileSync(this.conf, conf);
    this.unregister = onCleanup(() => this.stop());
  }

  async start() {
    const r = run(this.bins.supervisord, ['-c', this.conf]);
    if (r.status !== 0) throw new Error(`supervisord failed to start (${r.status}): ${r.stderr}${r.stdout}`);
    for (let i = 0; i < 100 && !this.pid(); i++) await sleep(50);
  }

  pid() {
    try {
      return Number(readFileSync(this.pidfile, 'utf8').trim()) || null;
    } catch {
      return null;
    }
  }

  argv(args) {
    return [this.bins.supervisorctl, ['-c', this.conf, ...args], { okStatus: [0, 3] }];
  }

  ctl(args) {
    return run(this.bins.supervisorctl, ['-c', this.conf, ...args]);
  }

  pidOf(name) {
    return Number(this.ctl(['pid', name]).stdout.trim()) || null;
  }

  async stop() {
    const pid = this.pid();
    if (pid && isAlive(pid)) {
      // supervisord stops its programs one by one, about a quarter second each: with 20 it
      // takes seconds. Killing it before it is done orphans the rest, so give it time, and
      // kill whichever program is still running after it.
      const programs = this.ctl(['pid', 'all']).stdout.split('\n').map(Number).filter((p) => p > 0);
      this.ctl(['shutdown']);
      for (let i = 0; i < 600 && isAlive(pid); i++) await sleep(50);
      if (isAlive(pid)) await killHard(pid);
      await Promise.all(programs.filter(isAlive).map((p) => killHard(p)));
    }
    rmSync(this.dir, { recursive: true, force: true });
    this.unregister();
  }
}
