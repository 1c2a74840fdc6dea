/** Pre-flight: the program each service runs exists (on PATH, or relative to its cwd). */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { commandWord, resolveExecutable } from '../command-word.js';
import type { Check, Finding } from '../types.js';

export const commandNotFound: Check = async ({ config }) => {
  if (!config || process.platform === 'win32') return [];
  const findings: Finding[] = [];
  for (const service of Object.values(config.services)) {
    const word = commandWord(service.command);
    if (word === null) continue;
    // The service inherits our environment; a PATH of its own (in stack.yaml) wins.
    const pathEnv = service.env.PATH ?? process.env.PATH;
    if (resolveExecutable(word, service.cwd, pathEnv) !== null) continue;
    const where = word.includes('/') ? path.resolve(service.cwd, word) : null;
    const exists = where !== null && existsSync(where);
    findings.push({
      check: 'command-not-found',
      severity: 'error',
      service: service.name,
      message: where
        ? `${service.name} runs ${word}, but ${where} ${exists ? 'is not an executable file' : 'does not exist'}`
        : `${service.name} runs ${word}, which is not on PATH`,
      hint: where
        ? exists
          ? `chmod +x ${where}, or run it through its interpreter in stack.yaml`
          : `fix services.${service.name}.command in stack.yaml (paths are relative to its cwd, ${service.cwd})`
        : `install ${word}, or fix services.${service.name}.command in stack.yaml`,
      fixable: false,
    });
  }
  return findings;
};
