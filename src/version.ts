import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DAEMON_ENTRY, PACKAGE_ROOT } from './install.js';

/** The package version, read once from the package's package.json. */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(path.join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version?: string };
    return pkg.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
})();

/**
 * Identifies the installed build: the version plus when the daemon's code was written.
 * A daemon whose build differs from the CLI's is running code older than what is
 * installed (an upgrade, a rebuild): the CLI replaces it, and the services live on.
 */
export function buildId(): string {
  try {
    return `${VERSION}+${statSync(DAEMON_ENTRY).mtimeMs}`;
  } catch {
    return VERSION;
  }
}
