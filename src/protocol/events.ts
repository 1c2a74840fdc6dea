/**
 * One line of the timeline, .stack/events.jsonl (written by src/daemon/state/event-log.ts,
 * read by `stack events`, `stack logs` and doctor): starts, exits with reasons, health
 * changes, stale marks, restarts.
 */
export interface StackEvent {
  at: string;
  service?: string;
  type: string;
  [key: string]: unknown;
}
