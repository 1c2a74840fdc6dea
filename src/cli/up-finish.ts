/**
 * The end of a fast `stack up` that did not go well (cli/fast-up.ts): reported by the full
 * CLI's own code, so it reads as `stack up` always did: each failing service's reason and
 * log tail (masked with stack.yaml's secrets, as run-operation.ts does), then the error
 * sentence and exit code 1; or, when the daemon ended the stream without an answer, that.
 */
import type { Done } from '../protocol/messages.js';
import { redactorFor } from '../protocol/redact.js';
import type { ProjectPaths } from '../project-dir.js';
import { noAnswer } from '../client/daemon-control.js';
import { loadProjectConfig } from './project.js';
import { reportError } from './report-error.js';
import { reportFailures } from './run-operation.js';

export async function finishUp(paths: ProjectPaths, done: Done | null): Promise<void> {
  try {
    if (done === null) throw noAnswer(paths);
    if (done.ok) return;
    // The secrets to mask in the log tails are stack.yaml's: a file that stopped loading since masks the environment's only.
    const config = await loadProjectConfig(paths, { choosePorts: false }).catch(() => null);
    await reportFailures(paths, done.failures, redactorFor(config));
  } catch (error) {
    process.exitCode = reportError(error);
  }
}
