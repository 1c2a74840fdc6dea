/** One line of `stack events`: when, which service, what happened, in words (protocol/event-sentence.ts). */
import chalk from 'chalk';
import type { StackEvent } from '../../protocol/events.js';
import { eventSentence, type EventSentence } from '../../protocol/event-sentence.js';
import { formatClock } from '../../format.js';

const paint: Record<EventSentence['level'], (text: string) => string> = {
  error: chalk.red,
  warning: chalk.yellow,
  good: chalk.green,
  quiet: chalk.dim,
  plain: (text) => text,
};

export function formatEvent(event: StackEvent, width: number): string {
  const { level, text } = eventSentence(event);
  const who = (event.service ?? 'stack').padEnd(width);
  return `${chalk.dim(formatClock(event.at))}  ${who}  ${paint[level](text)}`;
}
