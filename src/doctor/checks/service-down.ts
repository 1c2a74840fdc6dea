/**
 * A service that exited with a failure: how (code, signal, when) and why (the reason the
 * daemon pulled from its log). Services that were never started or were stopped on
 * purpose are not failures: they get one info finding, so a half-started stack is not an
 * error but is not called healthy either.
 */
import { describeLastExit, hasFailed } from '../service-state.js';
import { formatClock } from '../../format.js';
import type { Check, Finding } from '../types.js';

export const serviceDown: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (hasFailed(s)) {
      const how = s.lastExit ? describeLastExit(s.lastExit) : 'exited';
      const pending = s.restartAt ? `; stack restarts it at ${formatClock(s.restartAt)}` : '';
      return [
        {
          check: 'service-down',
          severity: 'error',
          service: s.name,
          message: `${s.name} is down: ${how}${pending}`,
          hint: `stack logs ${s.name}   (then: stack restart ${s.name})`,
          // A crash loop repeats on restart until the cause is fixed: see crash-loop.
          fixable: s.state === 'exited',
        },
      ];
    }
    if (s.state === 'stopped' && s.pid === null) {
      return [
        {
          check: 'service-down',
          severity: 'info',
          service: s.name,
          message: `${s.name} is not running${s.lastExit ? ` (last run ${describeLastExit(s.lastExit)})` : ''}`,
          hint: `stack up ${s.name}`,
          fixable: false,
        },
      ];
    }
    return [];
  });
};
