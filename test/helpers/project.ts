/**
 * A throw-away project directory for one e2e test: a stack.yaml and whatever files it
 * needs, under the OS temp dir with a short name (the daemon's unix socket path must
 * stay under ~100 characters).
 */
import { mkdir, mkdtemp, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runStack } from './cli.js';
import { describeProcs, killAllUnder, processesUnder, type ProcInfo } from './procs.js';

export interface Project {
  /** Absolute, symlink-free path of the project directory. */
  dir: string;
  /** Absolute path of `rel` inside the project. */
  path(rel: string): string;
  /** Writes `content` to `rel` (creating directories); returns the absolute path. */
  write(rel: string, content: string): Promise<string>;
  /** Processes still alive that belong to this project (see procs.processesUnder). */
  processes(): ProcInfo[];
  /** `stack down` (failure ignored), SIGKILL whatever is left, delete the directory. Idempotent. */
  cleanup(): Promise<void>;
}

/** Test names become part of a path: keep them short and harmless. */
function slug(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 16)
      .replace(/-+$/, '') || 'p'
  );
}

/**
 * Creates `<tmp>/stack-e2e-<name>-XXXXXX` holding `files` (relative path → content).
 * Use with `afterEach(() => project.cleanup())` or `await using`-style try/finally.
 */
export async function makeProject(name: string, files: Record<string, string> = {}): Promise<Project> {
  // realpath: on macOS os.tmpdir() is a symlink, and processes report the real path.
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `stack-e2e-${slug(name)}-`)));
  const resolve = (rel: string): string => {
    const abs = path.resolve(dir, rel);
    if (abs !== dir && !abs.startsWith(dir + path.sep)) throw new Error(`project path ${rel} escapes ${dir}`);
    return abs;
  };
  const write = async (rel: string, content: string): Promise<string> => {
    const abs = resolve(rel);
    await mkdir(path.dirname(abs), { recursive: true });
    await writeFile(abs, content);
    return abs;
  };
  for (const [rel, content] of Object.entries(files)) await write(rel, content);

  let cleaned: Promise<void> | undefined;
  const cleanup = (): Promise<void> =>
    (cleaned ??= (async () => {
      await runStack(dir, ['down'], { timeoutMs: 30_000 }).catch(() => undefined);
      const killed = await killAllUnder(dir);
      if (killed.length > 0 && process.env.STACK_E2E_VERBOSE) {
        console.warn(`cleanup of ${dir}: killed leftover pids ${killed.join(', ')}`);
      }
      const survivors = processesUnder(dir);
      await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      if (survivors.length > 0) {
        throw new Error(`cleanup of ${dir}: processes survived SIGKILL:\n${describeProcs(survivors)}`);
      }
    })());

  return { dir, path: resolve, write, processes: () => processesUnder(dir), cleanup };
}
