/**
 * `stack status` / `stack ps`, with or without `--json`, when a daemon runs: one round
 * trip, without commander or any command module. bin/stack.js (CommonJS, so no ESM loader
 * either) loads this from its own one-file bundle, dist/bundle/cli/fast-status.cjs; it
 * answers in ~1.25× a bare `node -e 0` where the full CLI took ~2× (docs/benchmarks.md).
 * Every other case (other options, no daemon, a socket that is not ours, any error)
 * returns false and the full CLI handles it, so each error has one wording.
 */
import { writeSync } from 'node:fs';
import { findConfigFile } from '../config/find.js';
import type { StatusResponse } from '../protocol/status.js';
import { quickGetJson } from '../client/quick-get.js';
import { projectPaths } from '../project-dir.js';
import { renderStatus } from './render/status-table.js';

export async function tryFastStatus(args: readonly string[]): Promise<boolean> {
  const [command, ...options] = args;
  if ((command !== 'status' && command !== 'ps') || options.some((o) => o !== '--json')) return false;
  let text: string;
  try {
    const paths = projectPaths(findConfigFile({ cwd: process.cwd(), env: process.env }));
    const status = await quickGetJson<StatusResponse>(paths.socket, '/status');
    if (status === null) return false;
    // Rendered before anything is printed: an answer this build cannot render (a daemon of
    // another version) goes the full way too, where an error becomes a sentence.
    text = formatStatus(status, options.length > 0);
  } catch {
    return false;
  }
  printLine(text);
  return true;
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * `text` and a newline on stdout, written straight to fd 1: console.log would first make
 * process.stdout (a stream over the pipe or tty) and format its argument, ~2–4 ms of a
 * command that takes ~20 ms beyond node's own start. A non-blocking pipe that is full
 * (EAGAIN) is waited for; a reader gone (EPIPE: `stack status | head -1`) ends the output.
 */
export function printLine(text: string): void {
  const bytes = Buffer.from(`${text}\n`, 'utf8');
  for (let offset = 0; offset < bytes.length; ) {
    try {
      offset += writeSync(1, bytes, offset);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') Atomics.wait(pause, 0, 0, 1);
      else if (code === 'EPIPE') return;
      else throw error;
    }
  }
}

/** The one way `status` prints, fast path or not. */
export function formatStatus(status: StatusResponse, json: boolean): string {
  return json ? JSON.stringify(status, null, 2) : renderStatus(status);
}
