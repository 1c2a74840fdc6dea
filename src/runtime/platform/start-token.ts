/**
 * Start tokens are compared exactly, except those built from an estimate (the portable
 * fallback derives start time from pidusage's elapsed time, which jitters between calls).
 */
const APPROX_PREFIX = '~';
const APPROX_TOLERANCE_MS = 2000;

export function approxStartToken(startedAt: number): string {
  return `${APPROX_PREFIX}${Math.round(startedAt)}`;
}

export function sameStartToken(current: string, recorded: string): boolean {
  if (current === '' || recorded === '') return false;
  if (current.startsWith(APPROX_PREFIX) && recorded.startsWith(APPROX_PREFIX)) {
    const diff = Number(current.slice(1)) - Number(recorded.slice(1));
    return Math.abs(diff) <= APPROX_TOLERANCE_MS;
  }
  return current === recorded;
}
