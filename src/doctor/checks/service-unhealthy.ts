/** Running, but its health probe fails (HTTP 503, timeout, connection refused). */
import type { Check, Finding } from '../types.js';

export const serviceUnhealthy: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (s.health !== 'unhealthy' || s.pid === null) return [];
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
