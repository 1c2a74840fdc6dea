/**
 * The timeline of what happened (.stack/events.jsonl): starts, exits with reasons,
 * health changes, stops. Appended synchronously so lines from one daemon never
 * interleave and survive a crash right after.
 */
import { appendFileSync } from 'node:fs';

export interface StackEvent {
  at: string;
  service?: string;
  type: string;
  [key: string]: unknown;
}

export class EventLog {
  constructor(private readonly file: string) {}

  append(type: string, fields: Omit<StackEvent, 'at' | 'type'> = {}): void {
    const event: StackEvent = { at: new Date().toISOString(), type, ...fields };
    try {
      appendFileSync(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    } catch {
      // The timeline is a record, not a dependency: a full disk must not take the daemon down.
    }
  }
}
