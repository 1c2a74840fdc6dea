/**
 * A declared port held by a process stack did not start (status marks it foreign). It is
 * what answers on the port, so tests talk to it; stack will not start the service until
 * it is gone. Never fixable: doctor does not kill processes it does not own. A `port: auto`
 * service is only a warning: the next `stack up` moves it to a free port.
 */
import { formatDuration } from '../../format.js';
import type { Check, Finding } from '../types.js';

export const portConflict: Check = async ({ status, config }) => {
  if (!status) return [];
  const now = Date.now();
  return status.services.flatMap((s): Finding[] => {
    if (s.managedBy !== 'foreign' || s.port === null) return [];
    const what = [
      s.foreign?.command ?? null,
      s.foreign?.cwd ? `in ${s.foreign.cwd}` : null,
      s.startedAt ? `running for ${formatDuration(now - Date.parse(s.startedAt))}` : null,
    ].filter((x) => x !== null);
    const holder = s.pid === null ? 'a process stack cannot inspect' : `pid ${s.pid}${what.length > 0 ? ` (${what.join(', ')})` : ''}`;
    const free = s.pid === null ? `find it with: lsof -nP -iTCP:${s.port} -sTCP:LISTEN` : `kill ${s.pid}`;
    if (config?.services[s.name]?.portAuto) {
      return [
        {
          check: 'port-conflict',
          severity: 'warning',
          service: s.name,
          message: `port ${s.port} of ${s.name} (port: auto) is held by ${holder}, which stack did not start (managedBy: foreign)`,
          hint: `stack up moves ${s.name} to a free port; or free this one: ${free}`,
          fixable: false,
        },
      ];
    }
    return [
      {
        check: 'port-conflict',
        severity: 'error',
        service: s.name,
        message: `port ${s.port} of ${s.name} is held by ${holder}, which stack did not start (managedBy: foreign)`,
        hint: free,
        fixable: false,
      },
    ];
  });
};
