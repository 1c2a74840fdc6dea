/**
 * `stack status` / `stack ps`, with or without `--json`, when a daemon runs: one round
 * trip, without commander or any command module. bin/stack.js (CommonJS, so no ESM loader
 * either) loads this from its own one-file bundle, dist/bundle/cli/fast-status.cjs; it
 * answers in ~1.25× a bare `node -e 0` where the full CLI took ~2× (docs/benchmarks.md).
 * Every other case (other options, no daemon, a socket that is not ours, any error)
 * returns false and the full CLI handles it, so each error has one wording.
 */
import { findConfigFile } from '../config/find.js';
import type { StatusResponse } from '../daemon/protocol.js';
import { quickGetJson } from '../client/quick-get.js';
import { projectPaths } from '../paths.js';
import { renderStatus } from './render/status-table.js';

export async function tryFastStatus(args: readonly string[]): Promise<boolean> {
  const [command, ...options] = args;
  if ((command !== 'status' && command !== 'ps') || options.some((o) => o !== '--json')) return false;
  let status: StatusResponse | null;
  try {
    const paths = projectPaths(findConfigFile({ cwd: process.cwd(), env: process.env }));
    status = await quickGetJson<StatusResponse>(paths.socket, '/status');
  } catch {
    return false;
  }
  if (status === null) return false;
  printStatus(status, options.length > 0);
  return true;
}

/** The one way `status` prints, fast path or not. */
export function printStatus(status: StatusResponse, json: boolean): void {
  console.log(json ? JSON.stringify(status, null, 2) : renderStatus(status));
}
