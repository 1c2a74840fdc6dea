/**
 * The CLI where another user can run it. The checkout may live under a directory only
 * its owner may enter (a clone into `mktemp -d`, a 0700 home), where uid 65534 gets
 * "Cannot find module" for bin/stack.js. So the built files a CLI run needs are copied
 * into a temp directory readable by everyone: bin/, dist/bundle/ (without source maps)
 * and package.json (its "type": "module" makes the bundle ESM; the version is read from
 * it). There is no node_modules in the copy: it serves CLI runs, not a daemon that would
 * load @parcel/watcher from there.
 */
import { chmodSync, copyFileSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { REPO_ROOT } from '../helpers/cli.js';

/** Runs `fn` with the path of a bin/stack.js any user can run; the copy is removed after. */
export async function withReadableCli<T>(fn: (bin: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stack-cli-'));
  try {
    cpSync(path.join(REPO_ROOT, 'bin'), path.join(dir, 'bin'), { recursive: true });
    cpSync(path.join(REPO_ROOT, 'dist', 'bundle'), path.join(dir, 'dist', 'bundle'), {
      recursive: true,
      filter: (source) => !source.endsWith('.map'),
    });
    copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(dir, 'package.json'));
    readableByAll(dir);
    return await fn(path.join(dir, 'bin', 'stack.js'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** chmod -R a+rX, whatever the umask of the checkout or of the copy was. */
function readableByAll(target: string): void {
  const entries = readdirSync(target, { withFileTypes: true });
  chmodSync(target, 0o755);
  for (const entry of entries) {
    const full = path.join(target, entry.name);
    if (entry.isDirectory()) readableByAll(full);
    else chmodSync(full, 0o644);
  }
}
