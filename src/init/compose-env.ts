/**
 * In compose, services reach each other by name on their network (`postgres://db:5432`);
 * on the host that name does not resolve. A value naming another compose service is
 * rewritten to the address its published port has on this machine, and each rewrite
 * (or a port that is not published) becomes a note.
 */
import type { PortMapping } from './compose-fields.js';

export interface Peer {
  /** The name in the compose file. */
  name: string;
  ports: PortMapping[];
}

export interface Rewritten {
  value: string;
  /** What changed, or what could not be, in words. */
  notes: string[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function rewritePeers(value: string, peers: readonly Peer[]): Rewritten {
  const notes: string[] = [];
  let out = value;
  for (const peer of peers) {
    const reference = new RegExp(`(^|[/@=])${escapeRegExp(peer.name)}(?::(\\d+))?(?=[/:?#,;\\s]|$)`, 'g');
    out = out.replace(reference, (all, before: string, port: string | undefined) => {
      if (port === undefined) {
        const only = peer.ports.find((p) => p.host !== undefined && p.protocol === 'tcp');
        if (!only) {
          notes.push(`names ${peer.name}, which publishes no port; it cannot be reached from this machine as written`);
          return all;
        }
        notes.push(`${peer.name} → 127.0.0.1 (its compose name does not resolve outside docker)`);
        return `${before}127.0.0.1`;
      }
      const mapping = peer.ports.find((p) => p.container === Number(port) && p.host !== undefined && p.protocol === 'tcp');
      if (!mapping) {
        notes.push(`names ${peer.name}:${port}, which is not published to this machine; add ports: ["${port}:${port}"] to ${peer.name}`);
        return all;
      }
      notes.push(`${peer.name}:${port} → 127.0.0.1:${mapping.host}`);
      return `${before}127.0.0.1:${mapping.host}`;
    });
  }
  return { value: out, notes };
}
