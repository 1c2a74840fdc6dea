import { readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The package version, read once from package.json next to dist/. */
export const VERSION: string = (() => {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: string };
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
    return `${VERSION}+${statSync(fileURLToPath(new URL('./daemon/main.js', import.meta.url))).mtimeMs}`;
  } catch {
    return VERSION;
  }
}
