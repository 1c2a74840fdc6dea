/**
 * A run's process exited on its own (a crash, a finished task, a kill from outside): the
 * one line that says why is pulled from the end of that run's log (incident 002) and the
 * exit is reported; lifecycle.ts records it and asks the restart policy what follows.
 */
import { extractExitReason } from '../../protocol/exit-wording.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
import type { ExitInfo } from '../../runtime/types.js';
import type { LifecycleEvent } from './lifecycle.js';

/** How many of the run's last log lines are searched for the reason. */
const REASON_LINES = 50;

export async function reportExit(
  run: { runId: number; logFile: string; logOffset: number },
  exit: ExitInfo,
  report: (event: LifecycleEvent) => void,
): Promise<void> {
  const reason = extractExitReason(await readLogTail(run.logFile, REASON_LINES, run.logOffset));
  report({ type: 'exited', runId: run.runId, exit, reason });
}
