/**
 * The analysis of a project's last `up`, read from its timeline (.stack/events.jsonl):
 * what `stack analyze --json` prints, for any caller that wants the same document. No
 * daemon is asked, so it answers after the fact and with the daemon stopped.
 */
import { readFile } from 'node:fs/promises';
import { StackError } from '../errors.js';
import { parseEvents } from '../protocol/events.js';
import { analyzeEvents, type Analysis } from './critical-chain.js';

export type { Analysis, AnalyzedService } from './critical-chain.js';

export async function analyzeTimeline(eventsFile: string, now = Date.now()): Promise<Analysis> {
  const text = await readFile(eventsFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return '';
    throw new StackError('LOG_UNREADABLE', `Cannot read the timeline ${eventsFile}: ${error.message}.`, {
      hint: 'it is written by the stack daemon in .stack/; check its owner and permissions',
      cause: error,
    });
  });
  return analyzeEvents(parseEvents(text), now);
}
