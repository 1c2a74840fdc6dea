/**
 * The doctor report from facts already at hand (the dashboard's, in the daemon: its own
 * status and config, no socket round trip): every check, secrets masked, root cause first.
 */
import { redactDeep, redactorFor } from '../protocol/redact.js';
import { dependencyMapOf } from '../graph/graph.js';
import { isOk, rootCauseOrder } from './root-cause.js';
import { runChecks } from './runner.js';
import type { CheckContext, DoctorReport } from './types.js';

export async function reportFor(context: CheckContext): Promise<DoctorReport> {
  const raw = redactDeep(await runChecks(context), redactorFor(context.config));
  const findings = rootCauseOrder(raw, context.config ? dependencyMapOf(context.config.services) : {});
  return { ok: isOk(findings), findings };
}
