/**
 * Turns the watcher's reports into verdicts (content-verdict.ts decides): for each changed
 * file, its start content (taken once per process, right after its spawn), what it is
 * now (one stat), and a hash only when those do not already decide. A file whose stat has
 * not moved since its last verdict keeps that verdict without a hash. Batches are judged
 * one after another, so a later save never loses to an earlier one.
 */
import { statSync } from 'node:fs';
import path from 'node:path';
import { hashFile } from '../../runtime/sources/content-id.js';
import {
  takeStartContents,
  unknownStart,
  type StaleBy,
  type StartContent,
  type StartContents,
  type StartContentsInput,
} from '../../runtime/sources/start-contents.js';
import { judgeChange, needsHash, type CurrentFile, type Verdict } from './content-verdict.js';

export interface JudgedChange {
  /** Relative to cwd, as reported. */
  path: string;
  /** The file's mtime now, or when its deletion was seen. */
  mtimeMs: number;
  verdict: Verdict;
}

interface Seen {
  mtimeMs: number;
  size: number;
  verdict: Verdict;
  /** When the verdict was reached (epoch ms). */
  at: number;
}

/**
 * File times tick coarsely (a kernel tick, up to 10 ms): a file written again within the
 * tick of the verdict, to the same size, has the same stat. A verdict is reused only when
 * the file was last modified well before it was reached (git's "racily clean" rule).
 */
const RACY_MS = 20;

export class ChangeJudge {
  private contents: Promise<StartContents> = Promise.resolve(unknownStart('no process has started yet'));
  private resolved: StartContents | null = null;
  private loadedUntil = Infinity;
  private readonly starts = new Map<string, StartContent>();
  private readonly seen = new Map<string, Seen>();
  private queue: Promise<unknown> = Promise.resolve();
  private generation = 0;

  constructor(private readonly cwd: () => string) {}

  /**
   * A new process started: what its sources held then, taken once `after` settles;
   * `taken` hears of it (to keep it for a new daemon).
   */
  begin(input: StartContentsInput, after: Promise<unknown> = Promise.resolve(), taken?: (contents: StartContents) => void): void {
    this.reset(input.loadedUntil);
    const generation = this.generation;
    this.contents = after.then(() => takeStartContents(input)).catch((error: unknown) =>
      unknownStart(`the content at start could not be read (${error instanceof Error ? error.message : String(error)})`),
    );
    void this.contents.then((c) => {
      if (generation !== this.generation) return;
      this.resolved = c;
      taken?.(c);
    });
  }

  /** A process re-adopted by a new daemon, with what the previous one kept of its start. */
  beginFrom(contents: StartContents, loadedUntil: number): void {
    this.reset(loadedUntil);
    this.resolved = contents;
    this.contents = Promise.resolve(contents);
  }

  /** A process whose start content is not known (adopted from an earlier daemon): judged by mtime. */
  beginUnknown(loadedUntil: number, reason: string): void {
    this.reset(loadedUntil);
    this.resolved = unknownStart(reason);
    this.contents = Promise.resolve(this.resolved);
  }

  /**
   * Resolves once the start content being taken (if any) is taken and kept: true, unless a
   * newer process started meanwhile (then what is kept is that one's).
   */
  async settledUnchanged(): Promise<boolean> {
    const generation = this.generation;
    await this.contents;
    return generation === this.generation;
  }

  /** Resolves once the start content has been taken (changes reported before wait for it). */
  async ready(): Promise<void> {
    await this.contents;
  }

  /** `content` or `mtime`, with why; null until known. */
  get by(): { by: StaleBy; reason: string | null } | null {
    return this.resolved ? { by: this.resolved.by, reason: this.resolved.reason } : null;
  }

  judge(changes: readonly { path: string; mtimeMs: number }[]): Promise<JudgedChange[]> {
    const generation = this.generation;
    const run = this.queue.then(() => (generation === this.generation ? this.judgeNow(changes) : []));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private reset(loadedUntil: number): void {
    this.generation++;
    this.loadedUntil = loadedUntil;
    this.resolved = null;
    this.starts.clear();
    this.seen.clear();
  }

  private async judgeNow(changes: readonly { path: string; mtimeMs: number }[]): Promise<JudgedChange[]> {
    const contents = await this.contents;
    const cwd = this.cwd();
    const latest = new Map(changes.map((c) => [c.path, c]));
    const files = [...latest.keys()].map((rel) => path.join(cwd, rel));
    const missing = files.filter((f) => !this.starts.has(f));
    if (missing.length > 0) for (const [file, start] of await contents.lookup(missing)) this.starts.set(file, start);
    return [...latest.values()].map((change) => {
      const file = path.join(cwd, change.path);
      const now = currentFile(file);
      const mtimeMs = now.kind === 'file' ? now.mtimeMs : change.mtimeMs;
      const seen = this.seen.get(file);
      if (seen && now.kind === 'file' && seen.mtimeMs === now.mtimeMs && seen.size === now.size && seen.mtimeMs < seen.at - RACY_MS) {
        return { path: change.path, mtimeMs, verdict: seen.verdict };
      }
      const start = this.starts.get(file) ?? { kind: 'unknown' };
      const id = needsHash(start, now) ? hashFile(file)?.id : undefined;
      const verdict = judgeChange(start, now, this.loadedUntil, id);
      if (now.kind === 'file') this.seen.set(file, { mtimeMs: now.mtimeMs, size: now.size, verdict, at: Date.now() });
      else this.seen.delete(file);
      return { path: change.path, mtimeMs, verdict };
    });
  }
}

function currentFile(file: string): CurrentFile {
  try {
    const stats = statSync(file, { throwIfNoEntry: false });
    return stats?.isFile() ? { kind: 'file', mtimeMs: stats.mtimeMs, size: stats.size } : { kind: 'absent' };
  } catch {
    return { kind: 'absent' };
  }
}
