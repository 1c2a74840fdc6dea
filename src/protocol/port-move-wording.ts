/**
 * A `port: auto` port moved away from another process, in words: `up`'s progress line,
 * the event, and `up --dry-run`'s line for the move it would make (the new port is only
 * chosen by the real `up`, so the dry run cannot name it).
 */
import type { ServiceProgress } from './messages.js';

/** "port 41234 is held by pid 4242 (python3 -m http.server); moved to 41240 (port: auto)". */
export function moveSentence(move: { from: unknown; to: unknown; holder: unknown }): string {
  return `${heldBy(move.from, move.holder)}; moved to ${String(move.to)} (port: auto)`;
}

/** "port 41234 is held by pid 4242 (python3 -m http.server); would move to a free port (port: auto)". */
export function wouldMoveSentence(held: { port: number; holder: string }): string {
  return `${heldBy(held.port, held.holder)}; would move to a free port (port: auto)`;
}

const heldBy = (port: unknown, holder: unknown): string => `port ${String(port)} is held by ${String(holder)}`;

/** `up --dry-run`'s progress line for a move `up` would make. */
export function wouldMoveLine(held: { service: string; port: number; holder: string }): ServiceProgress {
  return { type: 'progress', service: held.service, phase: 'port-moved', at: Date.now(), detail: wouldMoveSentence(held) };
}
