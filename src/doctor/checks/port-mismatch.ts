/**
 * A running service whose process tree listens, but not on its declared port (incident
 * 003: config said 50053, the code listened on 50054, so it was never ready).
 */
import type { Check, Finding } from '../types.js';

export const portMismatch: Check = async ({ status }) => {
  if (!status) return [];
  return status.services.flatMap((s): Finding[] => {
    if (s.managedBy !== 'stack' || s.port === null || s.listening.length === 0 || s.listening.includes(s.port)) return [];
    const ports = s.listening.join(', ');
    return [
      {
        check: 'port-mismatch',
        severity: 'error',
        service: s.name,
        message: `${s.name} listens on ${ports} but stack.yaml says ${s.port}`,
        hint: `make it listen on $PORT (stack sets PORT=${s.port} for it), or set port: ${s.listening[0]} in stack.yaml`,
        fixable: false,
      },
    ];
  });
};
