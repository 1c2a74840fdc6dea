/**
 * Running, but its health probe fails (HTTP 503, timeout, connection refused); or still
 * starting, its health check not passed yet. The latter is a warning, not an error (a
 * `stack up --no-wait` just before, a slow boot), but never "healthy": the report must not
 * say all is well while a service cannot take a request yet. Starting again after a crash
 * (its restart policy at work) is an error that quotes the crash.
 */
import { formatDuration } from '../../format.js';
import { describeLastExit } from '../service-state.js';
import type { ServiceStatus } from '../../protocol/status.js';
import type { Check, Finding } from '../types.js';

export const serviceUnhealthy: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (s.pid === null) return [];
    if (s.state === 'starting' && s.managedBy === 'stack') return [notReadyYet(s)];
    if (s.health !== 'unhealthy') return [];
    const detail = s.healthDetail ? `: ${s.healthDetail}` : '';
    return [
      {
        check: 'service-unhealthy',
        severity: 'error',
        service: s.name,
        message: `${s.name} is running but its health check fails${detail}`,
        hint: `stack logs ${s.name}`,
        fixable: s.managedBy === 'stack',
      },
    ];
  });
};

function notReadyYet(s: ServiceStatus, now = Date.now()): Finding {
  const since = s.startedAt !== null ? ` for ${formatDuration(Math.max(0, now - Date.parse(s.startedAt)))}` : '';
  const again = s.restarts > 0 ? ` (${s.restarts === 1 ? 'restarted once' : `restarted ${s.restarts} times`})` : '';
  if (s.restarts > 0 && s.lastExit !== null) {
    // Restarted by its policy after a crash: the crash is the news, and an error.
    return {
      check: 'service-unhealthy',
      severity: 'error',
      service: s.name,
      message: `${s.name} is starting again${again} after it ${s.lastExit.signal ? 'was ' : ''}${describeLastExit(s.lastExit)}`,
      hint: `stack logs ${s.name}`,
      fixable: false,
    };
  }
  const probe = s.healthDetail ? `; its health check says: ${s.healthDetail}` : '; its health check has not passed yet';
  return {
    check: 'service-unhealthy',
    severity: 'warning',
    service: s.name,
    message: `${s.name} is not ready yet: starting${since}${again}${probe}`,
    hint: `stack wait ${s.name}   (if it never gets there: stack logs ${s.name})`,
    fixable: false,
  };
}
