/** The daemon gave up restarting a service that kept crashing: restarting again will not help. */
import { describeLastExit } from '../service-state.js';
import type { Check, Finding } from '../types.js';

export const crashLoop: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (s.state !== 'crashloop') return [];
    const last = s.lastExit ? `; last: ${describeLastExit(s.lastExit)}` : '';
    return [
      {
        check: 'crash-loop',
        severity: 'error',
        service: s.name,
        message: `${s.name} is in a crash loop: restarted ${s.restarts} times, then stack stopped trying${last}`,
        hint: `fix the cause (stack logs ${s.name}), then: stack restart ${s.name}`,
        fixable: false,
      },
    ];
  });
};
