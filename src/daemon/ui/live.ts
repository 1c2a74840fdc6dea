/**
 * The live side of the dashboard (GET /api/stream): every open page's SseChannel, fed
 * with a fresh status view once a second and right after any event (an exit, a health
 * change, a stale mark: each is an event of the timeline), the events themselves, and
 * new log lines. Nothing is read while no page is open.
 */
import type { ServerResponse } from 'node:http';
import type { StackEvent } from '../../protocol/events.js';
import { eventSentence } from '../../protocol/event-sentence.js';
import type { Redactor } from '../../protocol/redact.js';
import type { EventLog } from '../state/event-log.js';
import { LogFollower } from './log-follower.js';
import { SseChannel } from './sse.js';
import type { DashboardView } from './view.js';

const STATUS_EVERY_MS = 1000;

export interface LiveSources {
  view(): Promise<DashboardView>;
  events: EventLog;
  /** Service name → log file. */
  logFiles(): ReadonlyMap<string, string>;
  /** Secrets out of log lines before they leave the daemon (a dashboard is often on a shared screen). */
  redactor(): Redactor;
}

export class LiveHub {
  private readonly channels = new Set<SseChannel>();
  private readonly follower: LogFollower;
  private ticker: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  /** A status is being read: another request for one waits for it, then reads once more. */
  private reading: Promise<void> | null = null;
  private again = false;

  constructor(private readonly sources: LiveSources) {
    this.follower = new LogFollower(sources.logFiles, (batch) => {
      // Masked and serialized once for every page; masking never spans a line break.
      const json = JSON.stringify({ ...batch, text: sources.redactor()(batch.text) });
      for (const channel of this.channels) channel.sendLines(batch.service, batch.lines, json);
    });
  }

  get pages(): number {
    return this.channels.size;
  }

  add(res: ServerResponse): void {
    const channel = new SseChannel(res);
    this.channels.add(channel);
    res.on('close', () => {
      this.channels.delete(channel);
      if (this.channels.size === 0) this.idle();
    });
    if (this.channels.size === 1) this.wake();
    void this.sources.view().then((view) => channel.send('status', JSON.stringify(view)), () => undefined);
  }

  close(): void {
    for (const channel of this.channels) channel.close();
    this.channels.clear();
    this.idle();
  }

  private wake(): void {
    this.follower.start();
    this.unsubscribe = this.sources.events.subscribe((event) => this.onEvent(event));
    this.ticker = setInterval(() => this.pushStatus(), STATUS_EVERY_MS);
  }

  private idle(): void {
    this.follower.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  private onEvent(event: StackEvent): void {
    const json = JSON.stringify({ ...event, sentence: eventSentence(event) });
    for (const channel of this.channels) channel.send('event', json);
    this.pushStatus();
  }

  private pushStatus(): void {
    if (this.reading) {
      this.again = true;
      return;
    }
    this.reading = this.sources
      .view()
      .then((view) => {
        const json = JSON.stringify(view);
        for (const channel of this.channels) channel.send('status', json);
      })
      .catch(() => undefined)
      .finally(() => {
        this.reading = null;
        if (this.again && this.channels.size > 0) {
          this.again = false;
          this.pushStatus();
        }
      });
  }
}
