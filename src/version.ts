import { buildIdOf, packageVersion } from './build-id.js';
import { DAEMON_ENTRY, PACKAGE_ROOT } from './install.js';

/** The package version, read once from the package's package.json. */
export const VERSION: string = packageVersion(PACKAGE_ROOT);

/**
 * Identifies the installed build: the version plus when the daemon's code was written.
 * A daemon whose build differs from the CLI's is running code older than what is
 * installed (an upgrade, a rebuild): the CLI replaces it, and the services live on.
 */
export function buildId(): string {
  return buildIdOf(VERSION, DAEMON_ENTRY);
}
