/** The events timeline, newest first: `stack events`' sentences, coloured by their tone. */
import type { StackEvent } from '../../src/protocol/events.js';
import type { EventSentence } from '../../src/protocol/event-sentence.js';
import { clock, el } from './dom.js';

export type DescribedEvent = StackEvent & { sentence: EventSentence };

const SHOWN = 300;

export class EventsTimeline {
  constructor(private readonly list: HTMLOListElement) {}

  /**
   * The timeline as the daemon read it, plus `live`: events the stream delivered while that
   * read was under way, which it may have been served too early to hold (each shown once).
   */
  replace(events: readonly DescribedEvent[], live: readonly DescribedEvent[] = []): void {
    const read = new Set(events.map(keyOf));
    const all = [...events, ...live.filter((e) => !read.has(keyOf(e)))];
    this.list.replaceChildren(...all.reverse().slice(0, SHOWN).map(item));
  }

  add(event: DescribedEvent): void {
    this.list.prepend(item(event));
    while (this.list.childElementCount > SHOWN) this.list.lastElementChild!.remove();
  }
}

/** Events have no id: the same moment, kind, service and sentence are the same event. */
function keyOf(e: DescribedEvent): string {
  return `${e.at}|${e.type}|${e.service ?? ''}|${e.sentence.text}`;
}

function item(e: DescribedEvent): HTMLLIElement {
  return el(
    'li',
    { class: `tone-${e.sentence.level}`, 'data-type': e.type, 'data-service': e.service },
    el('time', { datetime: e.at }, clock(e.at)),
    el('span', { class: 'who' }, e.service ?? 'stack'),
    el('span', { class: 'what' }, e.sentence.text),
  );
}
