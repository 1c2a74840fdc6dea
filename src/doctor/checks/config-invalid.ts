/**
 * Every problem of a stack.yaml that does not load, as findings. The config loader
 * already finds graph and pre-flight problems (cycles, unknown dependencies, duplicate
 * ports, missing cwd and env files), reports all of them at once and says which check
 * each belongs to; here they become findings under that check id.
 */
import { formatProblem, type ConfigProblem } from '../../errors.js';
import type { Check, Finding } from '../types.js';

/** "services.api.cwd" → "api"; document-level problems belong to no service. */
export function serviceOfProblem(p: ConfigProblem): string | null {
  const match = /^services\.([^.[]+)/.exec(p.path);
  return match ? match[1]! : null;
}

export function problemFinding(p: ConfigProblem): Finding {
  return {
    check: p.check,
    severity: 'error',
    service: serviceOfProblem(p),
    // file:line:col key.path: message (did you mean …)
    message: formatProblem(p),
    hint: `fix ${p.file}${p.line > 0 ? ` at line ${p.line}` : ''}, then run: stack config`,
    fixable: false,
  };
}

export const configInvalid: Check = async ({ configError }) => (configError ? configError.problems.map(problemFinding) : []);
