/**
 * Every problem of a stack.yaml that does not load, as findings. The config loader
 * already finds graph and pre-flight problems (cycles, unknown dependencies, duplicate
 * ports, missing cwd and env files) and reports all of them at once; here each gets
 * its own check id, recognised by its key path and message.
 */
import { formatProblem, type ConfigProblem } from '../../errors.js';
import type { Check, CheckId, Finding } from '../types.js';

export function classifyProblem(p: ConfigProblem): CheckId {
  if (/^dependency cycle:/.test(p.message)) return 'dependency-cycle';
  if (/\.depends_on\b/.test(p.path) && /^unknown service '/.test(p.message)) return 'dependency-missing';
  if (/\.port$/.test(p.path) && /is already declared by services\./.test(p.message)) return 'duplicate-port';
  if (/\.cwd$/.test(p.path) && /(does not exist|is not a directory)$/.test(p.message)) return 'cwd-missing';
  if (/(^|\.)env_file(\[\d+\])?$/.test(p.path) && /^env file .* (does not exist|is a directory)$/.test(p.message)) return 'env-file-missing';
  return 'config-invalid';
}

/** "services.api.cwd" → "api"; document-level problems belong to no service. */
export function serviceOfProblem(p: ConfigProblem): string | null {
  const match = /^services\.([^.[]+)/.exec(p.path);
  return match ? match[1]! : null;
}

export function problemFinding(p: ConfigProblem): Finding {
  return {
    check: classifyProblem(p),
    severity: 'error',
    service: serviceOfProblem(p),
    // file:line:col key.path: message (did you mean …)
    message: formatProblem(p),
    hint: `fix ${p.file}${p.line > 0 ? ` at line ${p.line}` : ''}, then run: stack config`,
    fixable: false,
  };
}

export const configInvalid: Check = async ({ configError }) => (configError ? configError.problems.map(problemFinding) : []);
