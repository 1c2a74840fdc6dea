/** The health check probes another port than the service's own: it tests something else. */
import type { HealthProbe } from '../../config/types.js';
import type { Check, Finding } from '../types.js';

/** The port an http or tcp probe connects to; null for probes without one. */
export function probePort(probe: HealthProbe): number | null {
  if (probe.kind === 'tcp') return probe.port;
  if (probe.kind !== 'http') return null;
  try {
    const url = new URL(probe.url);
    if (url.port !== '') return Number(url.port);
    return url.protocol === 'https:' ? 443 : url.protocol === 'http:' ? 80 : null;
  } catch {
    return null;
  }
}

export const healthPortMismatch: Check = async ({ config }) => {
  if (!config) return [];
  return Object.values(config.services).flatMap((s): Finding[] => {
    const port = probePort(s.health.probe);
    if (s.port === undefined || port === null || port === s.port) return [];
    return [
      {
        check: 'health-port-mismatch',
        severity: 'warning',
        service: s.name,
        message: `${s.name}'s health check probes port ${port} but its port is ${s.port}`,
        hint: `use \${PORT} in services.${s.name}.health (e.g. http://127.0.0.1:\${PORT}/health), or fix port:`,
        fixable: false,
      },
    ];
  });
};
