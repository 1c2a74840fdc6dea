/**
 * A process started with other config than stack.yaml says now is as stale as one running
 * old code: an edited port, env value or command reaches it only when it starts again.
 * Compared here: the file as this shell resolves it (doctor always reads the disk) against
 * what the daemon says each running process was started with. Key names only, never values.
 * While stack.yaml does not load, the daemon's own comparison (with the last version of the
 * file that loaded) is what there is: a process it marks CONFIG CHANGED is not "no problem".
 */
import path from 'node:path';
import { configChanges } from '../../config/diff.js';
import type { ServiceStatus } from '../../protocol/status.js';
import type { Check, Finding } from '../types.js';

export const configChanged: Check = async ({ config, status, startedWith }) => {
  if (!status) return [];
  if (!config) return status.services.filter((s) => s.managedBy === 'stack' && s.configChanged).map((s) => changedBeforeTheFileBroke(s, path.basename(status.config)));
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
    // An env value may come from an env file: name the files it may have changed in.
    const file = path.basename(config.file);
    const envFiles = (config.inputs ?? []).slice(1).map((f) => path.relative(config.root, f));
    const where = envFiles.length > 0 ? `${file} or the env files it reads (${envFiles.join(', ')})` : file;
    return [
      {
        check: 'config-changed',
        severity: 'error',
        service: s.name,
        message: `${s.name} runs with an older config: ${changes.join(', ')} changed in ${where} since it started`,
        hint: 'stack up',
        fixable: true,
      },
    ];
  });
};

function changedBeforeTheFileBroke(s: ServiceStatus, file: string): Finding {
  const keys = s.configChanges.length > 0 ? s.configChanges.join(', ') : 'its settings';
  return {
    check: 'config-changed',
    severity: 'error',
    service: s.name,
    message: `${s.name} runs with an older config: ${keys} changed in the last ${file} that loaded, since it started`,
    hint: `fix ${file}, then: stack up`,
    // A restart now would start it with the config it already has.
    fixable: false,
  };
}
