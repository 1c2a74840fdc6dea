/**
 * `stack up [svc…]`, with no options, when this build's daemon runs: one streamed
 * request naming stack.yaml (UpFileRequest), without the ESM loader, commander, or the
 * config modules, which the daemon has loaded already: it reads and validates the file
 * itself. bin/stack.js (CommonJS) loads this from its own one-file bundle,
 * dist/bundle/cli/fast-up.cjs; the full CLI spent ~110 ms before its request where this
 * spends ~5 (docs/benchmarks.md). Every other case returns false before anything is done
 * (options, no daemon, a daemon of another build, stack.yaml broken, an unknown name), and
 * the full CLI runs as before, so each error has one wording. A failed up is reported by
 * the full CLI's code too (cli/up-finish.ts): bin/stack.js hands it the outcome.
 */
import { buildIdOf, packageVersion } from '../build-id.js';
import { findConfigFile } from '../config/find.js';
import { quickGetJson } from '../client/quick-get.js';
import { quickPostStream } from '../client/quick-stream.js';
import { projectPaths, type ProjectPaths } from '../project-dir.js';
import type { Done, PingResponse, ServiceProgress, UpAccepted, UpFileRequest } from '../protocol/messages.js';
import { requestEnv } from './project.js';
import { ProgressPrinter } from './render/progress.js';

/** Where this installation is (bin/stack.js knows it from its own path). */
export interface Install {
  packageRoot: string;
  daemonEntry: string;
}

/** The daemon took the up: its outcome (null when the stream ended without one: the daemon died). */
export interface FastUpOutcome {
  paths: ProjectPaths;
  done: Done | null;
}

export async function tryFastUp(args: readonly string[], install: Install): Promise<FastUpOutcome | false> {
  const [command, ...names] = args;
  if (command !== 'up' || names.some((n) => n.startsWith('-'))) return false;
  let paths: ProjectPaths;
  try {
    paths = projectPaths(findConfigFile({ cwd: process.cwd(), env: process.env }));
    const ping = await quickGetJson<PingResponse>(paths.socket, '/ping');
    // Another build's daemon is replaced by the full CLI (client/daemon-client.ts).
    if (ping === null || ping.build !== buildIdOf(packageVersion(install.packageRoot), install.daemonEntry)) return false;
  } catch {
    return false;
  }
  const body: UpFileRequest = { file: paths.configFile, services: names, wait: true, env: requestEnv() };
  let printer: ProgressPrinter | null = null;
  let done: Done | null = null;
  const began = Date.now();
  const outcome = await quickPostStream(paths.socket, '/up', body, (line) => {
    const event = line as UpAccepted | ServiceProgress | Done;
    if (event.type === 'accepted') printer = new ProgressPrinter(event.services);
    else if (event.type === 'progress') printer?.progress(event);
    else if (event.type === 'done') done = event;
  });
  if (outcome === 'refused') return false;
  const result = done as Done | null;
  if (result?.ok) (printer as ProgressPrinter | null)?.summary(result, 'ready', result.elapsedMs ?? Date.now() - began);
  return { paths, done: result };
}
