/**
 * Pre-flight (incident 003: scripts referenced files that had been renamed): a service's
 * `watch` globs that match no file at all mean its staleness can never be seen. Reported
 * as a config warning: the file says something the disk does not back.
 */
import { existsSync } from 'node:fs';
import { anySourceFile } from '../../runtime/sources/scan.js';
import { displayPath } from '../../format.js';
import type { Check, Finding } from '../types.js';

export const watchMatchesNothing: Check = async ({ config, paths }) => {
  if (!config) return [];
  const findings = await Promise.all(
    Object.values(config.services).map(async (service): Promise<Finding | null> => {
      // staleness: loaded with no globs: the files the process loads are its sources.
      if (service.watch.length === 0) return null;
      if (!existsSync(service.cwd) || (await anySourceFile(service.cwd, service.watch))) return null;
      return {
        check: 'config-invalid',
        severity: 'warning',
        service: service.name,
        message: `${service.name}'s watch: [${service.watch.join(', ')}] matches no file under ${displayPath(service.cwd, paths.root)}, so stale code cannot be detected for it`,
        hint: `fix services.${service.name}.watch in ${displayPath(config.file, paths.root)} (globs are relative to the service's cwd)`,
        fixable: false,
      };
    }),
  );
  return findings.filter((f): f is Finding => f !== null);
};
