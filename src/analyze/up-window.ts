/**
 * Which `up` `stack analyze` looks at, and its part of the timeline: the last `up-start`
 * that launched a service (an `up` that found everything running has no chain to show),
 * its `up-end` (same id) when it finished, and the events in between. Pure.
 */
import type { StackEvent } from '../protocol/events.js';

export interface UpWindow {
  id: string;
  /** The project's name (stack.yaml's `name`) when it ran. */
  project: string | null;
  /** Epoch ms. */
  startedAt: number;
  /** The services it was asked to bring up (with their dependencies). */
  services: string[];
  /** Its `up-end`, or null: still running, or the daemon stopped first (`interruptedAt`). */
  end: StackEvent | null;
  /** The `daemon-stop` / `daemon-start` that came before its end, if one did (epoch ms). */
  interruptedAt: number | null;
  /** The events of its services from its start to its end (or the interruption, or the end of the log). */
  events: StackEvent[];
  /** Later ups that found everything already running (and so were not the one shown). */
  laterNoOps: number;
}

const at = (e: StackEvent): number => Date.parse(e.at);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

export function lastUp(events: readonly StackEvent[]): UpWindow | null {
  const windows: UpWindow[] = [];
  events.forEach((event, index) => {
    if (event.type === 'up-start') windows.push(windowFrom(events, index));
  });
  if (windows.length === 0) return null;
  for (let i = windows.length - 1; i >= 0; i--) {
    const window = windows[i]!;
    if (window.events.some((e) => e.type === 'launch')) return { ...window, laterNoOps: windows.length - 1 - i };
  }
  return windows.at(-1)!;
}

function windowFrom(events: readonly StackEvent[], index: number): UpWindow {
  const start = events[index]!;
  const id = str(start.id);
  const services = Array.isArray(start.services) ? start.services.filter((s): s is string => typeof s === 'string') : [];
  const mine = new Set(services);
  const inside: StackEvent[] = [];
  let end: StackEvent | null = null;
  let interruptedAt: number | null = null;
  for (const event of events.slice(index + 1)) {
    if (event.type === 'up-end' && str(event.id) === id) {
      end = event;
      break;
    }
    if (event.type === 'daemon-stop' || event.type === 'daemon-start') {
      interruptedAt = at(event);
      break;
    }
    if (event.service !== undefined && mine.has(event.service)) inside.push(event);
  }
  return { id, project: typeof start.project === 'string' ? start.project : null, startedAt: at(start), services, end, interruptedAt, events: inside, laterNoOps: 0 };
}
