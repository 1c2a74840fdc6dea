import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { parseEvents, type StackEvent } from '../../protocol/events.js';
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
  const wanted = (e: StackEvent): boolean => names.length === 0 || (e.service !== undefined && names.includes(e.service));

  let text = '';
  try {
    text = await readFile(paths.eventsFile, 'utf8');
  } catch {
    if (!options.follow) console.error('No events yet: nothing has been started in this project.');
  }
  const shown = options.lines === 0 ? [] : parseEvents(text).filter(wanted).slice(-options.lines);
  const width = Math.max(5, ...names.map((n) => n.length), ...shown.map((e) => e.service?.length ?? 0));
  const print = (e: StackEvent): void => console.log(options.json ? JSON.stringify(e) : formatEvent(e, width));
  shown.forEach(print);
  if (options.follow) await follow(paths.eventsFile, Buffer.byteLength(text), (e) => wanted(e) && print(e));
}

async function follow(file: string, from: number, onEvent: (e: StackEvent) => void): Promise<void> {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  await followFiles([new LineCursor(file, from)], (_cursor, lines) => parseEvents(lines.join('\n')).forEach(onEvent), controller.signal);
}
