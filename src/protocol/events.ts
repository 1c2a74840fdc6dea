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

/** The events of a timeline's text, one JSON object a line; a line cut short (a crash mid-write) is skipped. */
export function parseEvents(text: string): StackEvent[] {
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const event: unknown = JSON.parse(line);
      return event && typeof event === 'object' && typeof (event as StackEvent).type === 'string' && typeof (event as StackEvent).at === 'string' ? [event as StackEvent] : [];
    } catch {
      return [];
    }
  });
}
