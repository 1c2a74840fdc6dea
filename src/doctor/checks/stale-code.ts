/**
 * The process serving a service started before its sources last changed (incident 000):
 * it runs old code however healthy it looks. Works for foreign processes too (status
 * scans their sources against their start time); only ours can be restarted by --fix.
 */
import { formatDuration } from '../../format.js';
import type { ServiceStatus } from '../../protocol/status.js';
import type { Check, Finding } from '../types.js';

export function staleMessage(s: ServiceStatus): string {
  const newest = s.staleFiles[0];
  const started = s.startedAt ? Date.parse(s.startedAt) : NaN;
  const after =
    newest && Number.isFinite(started) ? ` ${formatDuration(Math.max(0, Date.parse(newest.modifiedAt) - started))} after it started` : ' after it started';
  const files = newest ? `${newest.path} was modified${after}` : `its sources changed${after}`;
  const more = s.staleFiles.length > 1 ? ` (also: ${s.staleFiles.slice(1).map((f) => f.path).join(', ')})` : '';
  const whose = s.managedBy === 'foreign' ? ` (pid ${s.pid}, not started by stack)` : '';
  return `${s.name} runs stale code${whose}: ${files}${more}`;
}

export const staleCode: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (!s.stale) return [];
    const ours = s.managedBy === 'stack';
    return [
      {
        check: 'stale-code',
        severity: 'error',
        service: s.name,
        message: staleMessage(s),
        hint: ours ? `stack restart ${s.name}` : `restart the process you started (pid ${s.pid}), or stop it and run: stack up ${s.name}`,
        fixable: ours,
      },
    ];
  });
};
