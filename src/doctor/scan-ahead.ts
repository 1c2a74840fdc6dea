/**
 * Without a daemon, the slowest part of doctor is the scan of a foreign process's sources
 * (git's stat pass over the tree, runtime/sources/git-newest.ts). It waits for the loaded
 * config (which services, their cwd, whose port is held), and loading the config is most
 * of doctor's own start-up. So first a glance at stack.yaml's text (config/glance.ts)
 * names each service's cwd and port; where no daemon's socket is there and something
 * listens on such a port (a few file reads on Linux; elsewhere asking costs a program, so
 * nothing is started ahead), git is started on that cwd now, and the scan takes its answer
 * when it gets there. A wrong guess costs one git run, stopped when doctor ends.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { glanceServices } from '../config/glance.js';
import type { ProjectPaths } from '../project-dir.js';
import { listeningPortsCheaply } from '../runtime/ports/port-holder.js';
import { startEarly } from '../runtime/sources/git-listing.js';

export { stopUnclaimed as stopScansAhead } from '../runtime/sources/git-listing.js';

/** The stack files glanced at in this process (bin/stack.js does it first, from another bundle, cli/doctor-ahead.ts). */
const GLANCED = Symbol.for('stack.scanAheadGlanced');
const glanced: Set<string> = ((globalThis as { [GLANCED]?: Set<string> })[GLANCED] ??= new Set());

export async function scanAhead(paths: ProjectPaths): Promise<void> {
  if (glanced.has(paths.configFile)) return;
  glanced.add(paths.configFile);
  if (process.env.STACK_SCAN === 'walk' || existsSync(paths.socket)) return;
  let text: string;
  try {
    text = readFileSync(paths.configFile, 'utf8');
  } catch {
    return;
  }
  const withPort = glanceServices(text).filter((s): s is typeof s & { port: number } => s.port !== null);
  if (withPort.length === 0) return;
  const busy = await listeningPortsCheaply(withPort.map((s) => s.port));
  for (const service of withPort) if (busy?.has(service.port)) startEarly(path.resolve(paths.root, service.cwd ?? '.'));
}
