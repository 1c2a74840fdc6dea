import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseEvents, type StackEvent } from '../../protocol/events.js';
import type { ProjectPaths } from '../../project-dir.js';
import { LineCursor, followFiles } from '../follow-file.js';
import { locateProject } from '../project.js';
import { formatEvent } from '../render/event-line.js';

interface EventsOptions {
  lines: number;
  follow?: boolean;
  json?: boolean;
}

export async function eventsCommand(program: Command, names: string[], options: EventsOptions): Promise<void> {
  const paths = locateProject(program);
  const { events: shown, size, found } = await readEvents(paths, names, options.lines);
  if (!found && !options.follow) console.error('No events yet: nothing has been started in this project.');
  const width = Math.max(5, ...names.map((n) => n.length), ...shown.map((e) => e.service?.length ?? 0));
  const print = (e: StackEvent): void => console.log(options.json ? JSON.stringify(e) : formatEvent(e, width));
  shown.forEach(print);
  if (options.follow) await follow(paths.eventsFile, size, (e) => wantedBy(names)(e) && print(e));
}

export interface EventsRead {
  /** The last `lines` events about `names` (every event when none are named), oldest first. */
  events: StackEvent[];
  /** Bytes of the event log read, where following it starts. */
  size: number;
  /** false when there is no event log yet. */
  found: boolean;
}

/** The latest events, as `stack events [--json]` prints them (and `stack mcp`'s events tool returns them). */
export async function readEvents(paths: ProjectPaths, names: readonly string[], lines: number): Promise<EventsRead> {
  let text = '';
  try {
    text = await readFile(paths.eventsFile, 'utf8');
  } catch {
    return { events: [], size: 0, found: false };
  }
  const events = lines === 0 ? [] : parseEvents(text).filter(wantedBy(names)).slice(-lines);
  return { events, size: Buffer.byteLength(text), found: true };
}

function wantedBy(names: readonly string[]): (e: StackEvent) => boolean {
  return (e) => names.length === 0 || (e.service !== undefined && names.includes(e.service));
}

async function follow(file: string, from: number, onEvent: (e: StackEvent) => void): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await followFiles([new LineCursor(file, from)], (_cursor, lines) => parseEvents(lines.join('\n')).forEach(onEvent), controller.signal);
}
