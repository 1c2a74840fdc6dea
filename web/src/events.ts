/** The events timeline, newest first: `stack events`' sentences, coloured by their tone. */
import type { StackEvent } from '../../src/protocol/events.js';
import type { EventSentence } from '../../src/protocol/event-sentence.js';
import { clock, el } from './dom.js';

export type DescribedEvent = StackEvent & { sentence: EventSentence };

const SHOWN = 300;

export class EventsTimeline {
  constructor(private readonly list: HTMLOListElement) {}

  replace(events: readonly DescribedEvent[]): void {
    this.list.replaceChildren(...[...events].reverse().slice(0, SHOWN).map(item));
  }

  add(event: DescribedEvent): void {
    this.list.prepend(item(event));
    while (this.list.childElementCount > SHOWN) this.list.lastElementChild!.remove();
  }
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
