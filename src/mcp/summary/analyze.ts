/**
 * The text that comes with the analyze tool's JSON: what went wrong in the last up first
 * (the service that failed and why), else where its time went (the critical chain and each
 * link's share, as `stack analyze` ends its report).
 */
import type { Analysis } from '../../analyze/read.js';

const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)}s`;

export function analyzeSummary(a: Analysis): string {
  if (!a.up) return a.problem ?? 'No `stack up` to analyse yet.';
  const failed = a.services.filter((s) => s.outcome === 'failed' && s.error);
  if (!a.ok) {
    const why = failed.map((s) => `${s.name}: ${s.error}`).join('; ');
    return [a.problem, why].filter(Boolean).join(' ');
  }
  const chain = a.critical.map((name) => a.services.find((s) => s.name === name)!);
  const total = a.up.elapsedMs === null ? 'The last up' : `The last up took ${seconds(a.up.elapsedMs)}`;
  if (chain.length === 0) return `${total}: everything was already running.`;
  const shares = chain.map((s) => `${s.name} ${seconds(s.addsMs ?? 0)}`).join(' + ');
  const finishing = a.finishingMs === null ? '' : ` + ${seconds(a.finishingMs)} finishing`;
  const slowest = [...chain].sort((x, y) => (y.addsMs ?? 0) - (x.addsMs ?? 0))[0]!;
  return `${total}; its critical chain was ${chain.map((s) => s.name).join(' → ')} (${shares}${finishing}). The largest share was ${slowest.name}'s (${seconds(slowest.addsMs ?? 0)}).`;
}
