/**
 * The timeline of what happened (.stack/events.jsonl): starts, exits with reasons,
 * health changes, stops. Appended synchronously so lines from one daemon never
 * interleave and survive a crash right after.
 */
import { appendFileSync } from 'node:fs';
import type { StackEvent } from '../../protocol/events.js';
import { redactDeep, redactorFor, type Redactor } from '../../protocol/redact.js';

export class EventLog {
  /**
   * Reasons quote service output and errors quote commands: every field but the
   * service's name goes through this (the supervisor sets it from each config it takes).
   */
  redact: Redactor = redactorFor(null);

  private readonly listeners = new Set<(event: StackEvent) => void>();

  constructor(private readonly file: string) {}

  /** Hear each event as it is appended (redacted, as written): the dashboard's live timeline. */
  subscribe(listener: (event: StackEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** `at`: the moment it happened (epoch ms), when the caller measures a duration from the same clock reading. */
  append(type: string, fields: Omit<StackEvent, 'at' | 'type'> = {}, at = Date.now()): void {
    const { service, ...rest } = fields;
    const named = typeof service === 'string' ? { service } : {};
    const event: StackEvent = { at: new Date(at).toISOString(), type, ...named, ...redactDeep(rest, this.redact) };
    try {
      appendFileSync(this.file, `${JSON.stringify(event)}\n`, { mode: 0o600 });
    } catch {
      // The timeline is a record, not a dependency: a full disk must not take the daemon down.
    }
    for (const listener of this.listeners) listener(event);
  }
}
