/**
 * Which build an installation is (version.ts): its package version plus when its daemon's
 * code was written. No import.meta here: bin/stack.js's CommonJS fast paths compute the
 * same id from their own location (cli/fast-up.ts).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** The version in the package.json at `packageRoot`. */
export function packageVersion(packageRoot: string): string {
  try {
    const pkg = JSON.parse(readFileSync(path.join(packageRoot, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export function buildIdOf(version: string, daemonEntry: string): string {
  try {
    return `${version}+${statSync(daemonEntry).mtimeMs}`;
  } catch {
    return version;
  }
}
