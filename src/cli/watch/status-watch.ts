/**
 * `stack status --watch`: the status, refreshed when the daemon says something changed
 * (POST /changes: pushed, no polling lag) and every `intervalMs` for what it does not
 * announce (uptime, cpu, memory; a foreign process on a port). On a terminal the table is
 * redrawn in place; in a pipe (or with --json) a new copy is printed only when the stack
 * changed. With no daemon it says so and keeps looking, so it comes back by itself after
 * `stack down` and `stack up`. Ctrl-C ends it with exit 0 and the cursor shown again.
 */
import { currentStatus } from '../../client/status.js';
import { followChanges } from '../../client/changes.js';
import { ConfigError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import { changed, fitFrame, frameText, HIDE_CURSOR, redraw, SHOW_CURSOR, steadyKey, type Seen } from './frame.js';

export interface WatchOptions {
  json: boolean;
  intervalMs: number;
}

export async function watchStatus(paths: ProjectPaths, options: WatchOptions): Promise<void> {
  const out = process.stdout;
  const tty = out.isTTY === true && !options.json;
  const stop = new AbortController();
  const end = (): void => stop.abort();
  process.once('SIGINT', end);
  process.once('SIGTERM', end);
  // A pipe closed by its reader (`| head`) ends the watch quietly.
  out.on('error', end);
  const restoreCursor = (): void => void (tty && out.write(SHOW_CURSOR));
  if (tty) {
    out.write(HIDE_CURSOR);
    process.once('exit', restoreCursor);
  }
  const wake = new Wake();
  let subscribed = false;
  const subscribe = (): void => {
    if (subscribed || stop.signal.aborted) return;
    subscribed = true;
    let heard = false;
    const subscribedNow = (): void => {
      heard = true;
      wake.now();
    };
    followChanges(paths.socket, { subscribed: subscribedNow, changed: () => wake.now() }, stop.signal)
      .catch(() => undefined)
      .finally(() => {
        subscribed = false;
        // The daemon went away: look now. (No daemon to begin with: the next tick looks again.)
        if (heard) wake.now();
      });
  };
  let lastKey: string | null = null;
  let drawn: string[] = [];
  try {
    while (!stop.signal.aborted) {
      subscribe();
      const seen = await look(paths);
      if (stop.signal.aborted) break;
      if (tty) {
        const lines = fitFrame(frameText(seen, Date.now(), true), out.columns || 80, out.rows || 24);
        if (lines.join('\n') !== drawn.join('\n')) out.write(redraw(drawn.length, lines));
        drawn = lines;
      } else if (changed(lastKey, seen, options.json)) {
        lastKey = steadyKey(seen, options.json);
        out.write(`${options.json ? JSON.stringify('status' in seen ? seen.status : seen) : frameText(seen, Date.now(), false)}\n`);
      }
      await wake.after(options.intervalMs, stop.signal);
    }
  } finally {
    process.off('SIGINT', end);
    process.off('SIGTERM', end);
    restoreCursor();
    process.off('exit', restoreCursor);
  }
}

/** The status as `stack status` would give it (also without a daemon); a stack.yaml that does not load, with none, is said instead. */
async function look(paths: ProjectPaths): Promise<Seen> {
  try {
    return { status: await currentStatus(paths) };
  } catch (error) {
    if (error instanceof ConfigError) return { problem: `stack is not running, and ${error.message.replace(/\.$/, '')}` };
    throw error;
  }
}

/** A sleep that a change notice cuts short; a notice while awake makes the next sleep return at once. */
class Wake {
  private pending = false;
  private resolve: (() => void) | null = null;

  now(): void {
    if (this.resolve) this.resolve();
    else this.pending = true;
  }

  after(ms: number, signal: AbortSignal): Promise<void> {
    if (this.pending || signal.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        this.resolve = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done);
      this.resolve = done;
    });
  }
}
