import { closeSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { execa, type Options } from 'execa';
import { openLogFile } from '../logs/log-file.js';
import { spawnFailure } from './spawn-error.js';

export interface BuildOptions {
  /** Run by the shell. */
  command: string;
  cwd: string;
  /** Added on top of the inherited process.env. */
  env: Record<string, string>;
  /** `.stack/logs/<svc>.build.log`: holds the latest build only, so it is truncated first. */
  logFile: string;
  /** Service name, used in error messages. */
  name?: string;
}

export interface BuildResult {
  code: number | null;
  signal: string | null;
  durationMs: number;
}

/** Runs a build step to completion; its output goes straight into its own log file. */
export async function runBuild({ command, cwd, env, logFile, name }: BuildOptions): Promise<BuildResult> {
  const started = performance.now();
  const logFd = openLogFile(logFile, 'w');
  // As in runner.ts: a plain descriptor goes to child_process.spawn unchanged.
  const log = logFd as unknown as Options['stdout'];
  const target = { command: { shell: command }, cwd, label: name && `the build of service "${name}"` };
  let subprocess;
  try {
    subprocess = execa(command, { shell: true, cwd, env, extendEnv: true, reject: false, buffer: false, stdin: 'ignore', stdout: log, stderr: log });
  } catch (error) {
    throw spawnFailure(error, target);
  } finally {
    closeSync(logFd);
  }
  const result = await subprocess;
  if (subprocess.pid === undefined) throw spawnFailure(result.cause ?? result, target);
  return { code: result.exitCode ?? null, signal: result.signal ?? null, durationMs: Math.round(performance.now() - started) };
}
