/**
 * Helpers for the hostile-state and security faults: file modes and owners as `ls -l`
 * shows them, another user's process (as root we can be `nobody`), and what a refusal
 * must look like to a person.
 */
import { chownSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { execa } from 'execa';
import { expect } from 'vitest';
import type { RunStackResult } from '../helpers/cli.js';
import { E2E_MARKER_VAR } from '../helpers/procs.js';
import { printed } from '../e2e/support.js';
import { withReadableCli } from './readable-cli.js';

/** The unprivileged account the suite impersonates (uid and gid 65534 on Linux). */
export const NOBODY = 65534;

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

/**
 * Said next to each test that needs root when it is skipped (`skip(!isRoot, NEEDS_ROOT)`):
 * the run counts it as skipped and the reporter prints why, so a green run as another user
 * does not look like these checks passed.
 */
export const NEEDS_ROOT = 'needs root: it plays another user (uid 65534) with chown and setuid';

/** "0700" — permission bits as ls shows them. */
export function modeOf(file: string): string {
  return (statSync(file).mode & 0o777).toString(8).padStart(4, '0');
}

export function ownerOf(file: string): number {
  return statSync(file).uid;
}

/** chown -R, for handing a tree to `nobody` and taking it back. */
export function chownTree(target: string, uid: number, gid = uid): void {
  chownSync(target, uid, gid);
  if (!statSync(target).isDirectory()) return;
  for (const entry of readdirSync(target)) chownTree(path.join(target, entry), uid, gid);
}

/** One `error:` line, a hint, nothing else: no trace, no internal error. */
export function expectOneSentenceRefusal(result: RunStackResult, pattern: RegExp): void {
  expect(result.timedOut, `hang guard\n${printed(result)}`).toBe(false);
  expect(result.code, printed(result)).not.toBe(0);
  const lines = result.stderr.split('\n').filter((l) => l.trim() !== '');
  const errors = lines.filter((l) => l.startsWith('error: '));
  expect(errors, printed(result)).toHaveLength(1);
  expect(errors[0], printed(result)).toMatch(pattern);
  expect(lines.some((l) => l.startsWith('hint: ')), `a hint says what to do\n${printed(result)}`).toBe(true);
  expect(`${result.stdout}\n${result.stderr}`, printed(result)).not.toMatch(/^\s+at\s|internal error|TypeError|ReferenceError/m);
}

/**
 * `stack <args>` run by another user (uid/gid `uid`), with the suite's usual environment,
 * from a copy of the CLI that user can read wherever the checkout lives.
 */
export async function runStackAs(uid: number, cwd: string, args: string[]): Promise<RunStackResult> {
  const result = await withReadableCli((bin) => execa(process.execPath, [bin, ...args], {
    cwd,
    uid,
    gid: uid,
    env: { NO_COLOR: '1', FORCE_COLOR: undefined, STACK_FILE: undefined, STACK_DEBUG: undefined, HOME: '/tmp', [E2E_MARKER_VAR]: cwd },
    extendEnv: true,
    reject: false,
    timeout: 30_000,
    forceKillAfterDelay: 2000,
    stdin: 'ignore',
    encoding: 'utf8',
  }));
  return {
    code: result.exitCode ?? -1,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
    command: `(as uid ${uid}) stack ${args.join(' ')}`,
  };
}

/**
 * Connects to a unix socket as another user and sends GET /ping; resolves with what
 * happened: 'EACCES' (or another error code), or the HTTP status line it got back.
 */
export async function pingAs(uid: number, socket: string): Promise<string> {
  const script = `
    const req = require('node:http').request({ socketPath: process.argv[1], path: '/ping' }, (res) => {
      console.log('HTTP ' + res.statusCode); res.resume();
    });
    req.on('error', (e) => console.log(e.code || e.message));
    req.end();`;
  const result = await execa(process.execPath, ['-e', script, socket], { uid, gid: uid, reject: false, timeout: 15_000, encoding: 'utf8' });
  return String(result.stdout).trim() || `no answer (exit ${result.exitCode}): ${String(result.stderr)}`;
}
