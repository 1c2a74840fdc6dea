/**
 * Which stack project on this machine keeps which auto port: one file per port, named by
 * its number, holding the runtime directory that keeps it, in a directory of the user's
 * in the temp dir. Two copies of a project choose at the same moment, or one after the
 * other while the first is down: a port the OS says is free may still be the other
 * copy's. Creating the file is atomic (O_EXCL), so one of them wins; the other chooses
 * again. A claim whose project no longer keeps that port (moved, deleted) is stale and
 * taken over, and removed whenever this project claims a new port (so the directory does
 * not fill up with the claims of deleted projects).
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { isErrnoException } from '../../errors.js';
import { keptPortsIn } from './ports-file.js';

export class PortClaims {
  private readonly dir: string | null;

  constructor(
    /** The runtime directory claiming (`.stack/` of a project). */
    private readonly owner: string,
    dir = path.join(tmpdir(), `stack-ports-${userId()}`),
  ) {
    this.dir = usableDir(dir);
  }

  /** Claims `port` for the owner; false when another project keeps it. */
  claim(port: number): boolean {
    if (this.dir === null) return true;
    const file = path.join(this.dir, String(port));
    try {
      writeFileSync(file, this.owner, { flag: 'wx', mode: 0o600 });
      this.sweepStale();
      return true;
    } catch (error) {
      if (!isErrnoException(error) || error.code !== 'EEXIST') return true;
    }
    const holder = read(file);
    if (holder === this.owner) return true;
    if (holder !== null && keptPortsIn(holder).includes(port)) return false;
    // Stale: its project no longer keeps it. Another chooser may take it over at the same time: the last write wins.
    try {
      writeFileSync(file, this.owner, { mode: 0o600 });
    } catch {
      return true;
    }
    return read(file) === this.owner;
  }

  /**
   * Removes the claims whose project no longer keeps their port (deleted, or moved on). Rare: only on a new claim.
   * A claim younger than a minute is left alone: its project may not have written ports.json yet.
   */
  sweepStale(now = Date.now()): void {
    if (this.dir === null) return;
    let names: string[];
    try {
      names = readdirSync(this.dir);
    } catch {
      return;
    }
    for (const name of names) {
      if (!/^\d+$/.test(name)) continue;
      const file = path.join(this.dir, name);
      if (now - modifiedAt(file) < SWEEP_MIN_AGE_MS) continue;
      const holder = read(file);
      if (holder === null || holder === this.owner || keptPortsIn(holder).includes(Number(name))) continue;
      try {
        unlinkSync(file);
      } catch {
        /* another project swept it first */
      }
    }
  }

  /** Lets go of `port` when the owner holds its claim. */
  release(port: number): void {
    if (this.dir === null) return;
    const file = path.join(this.dir, String(port));
    if (read(file) !== this.owner) return;
    try {
      unlinkSync(file);
    } catch {
      /* gone already */
    }
  }
}

const SWEEP_MIN_AGE_MS = 60_000;

function modifiedAt(file: string): number {
  try {
    return lstatSync(file).mtimeMs;
  } catch {
    return Number.POSITIVE_INFINITY;
  }
}

function read(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function userId(): string {
  try {
    const { uid, username } = userInfo();
    return uid >= 0 ? String(uid) : username;
  } catch {
    return 'user';
  }
}

/** The claims directory, or null when it cannot be ours (another user's, or not a directory): then claims are skipped. */
function usableDir(dir: string): string | null {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = lstatSync(dir);
    if (!stat.isDirectory()) return null;
    const uid = process.getuid?.();
    return uid === undefined || stat.uid === uid ? dir : null;
  } catch {
    return null;
  }
}
