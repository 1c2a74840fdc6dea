/**
 * state.json: what a new daemon needs to re-adopt running services after the old one
 * died (kill -9, crash, reboot of the daemon alone). Written atomically (temp + rename).
 */
import { closeSync, fstatSync, openSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { parseSavedState, type SavedState } from '../../protocol/state-file.js';

export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; state: SavedState }
  | { kind: 'corrupt'; movedTo: string; error: string };

export class StateStore {
  constructor(private readonly file: string) {}

  load(): LoadResult {
    let text: string;
    let owner: number;
    try {
      const fd = openSync(this.file, 'r');
      try {
        owner = fstatSync(fd).uid;
        text = readFileSync(fd, 'utf8');
      } finally {
        closeSync(fd);
      }
    } catch {
      return { kind: 'missing' };
    }
    try {
      // The daemon re-adopts and may later signal the pids listed here: only a file we wrote counts.
      if (typeof process.getuid === 'function' && owner !== process.getuid()) {
        throw new Error(`it belongs to uid ${owner}, not to uid ${process.getuid()} running stack`);
      }
      return { kind: 'ok', state: parseSavedState(text) };
    } catch (error) {
      // Keep the evidence, start clean: a corrupt file must never stop the daemon.
      const movedTo = `${this.file}.corrupt-${Date.now()}`;
      try {
        renameSync(this.file, movedTo);
      } catch {
        /* already gone */
      }
      return { kind: 'corrupt', movedTo, error: error instanceof Error ? error.message : String(error) };
    }
  }

  save(state: SavedState): void {
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(state, null, 2), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

