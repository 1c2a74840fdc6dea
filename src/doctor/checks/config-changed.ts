/**
 * A process started with other config than stack.yaml says now is as stale as one running
 * old code: an edited port, env value or command reaches it only when it starts again.
 * Compared here: the file as this shell resolves it (doctor always reads the disk) against
 * what the daemon says each running process was started with. Key names only, never values.
 */
import { configChanges } from '../../config/diff.js';
import type { Check, Finding } from '../types.js';

export const configChanged: Check = async ({ config, status, startedWith }) => {
  if (!config || !status) return [];
  return status.services.flatMap((s): Finding[] => {
    const started = startedWith[s.name];
    if (s.managedBy !== 'stack' || !started) return [];
    const now = config.services[s.name];
    if (!now) {
      return [
        {
          check: 'config-changed',
          severity: 'error',
          service: s.name,
          message: `${s.name} still runs, but stack.yaml no longer lists it`,
          hint: 'stack up   (stops what stack.yaml no longer lists)',
          // A restart would need it in stack.yaml; `up` stops it.
          fixable: false,
        },
      ];
    }
    const changes = configChanges(started, now);
    if (changes.length === 0) return [];
    return [
      {
        check: 'config-changed',
        severity: 'error',
        service: s.name,
        message: `${s.name} runs with an older config: ${changes.join(', ')} changed in stack.yaml since it started`,
        hint: 'stack up',
        fixable: true,
      },
    ];
  });
};
