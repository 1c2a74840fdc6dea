/**
 * state.json: what a new daemon needs to re-adopt running services after the old one
 * died (kill -9, crash, reboot of the daemon alone). Written atomically (temp + rename).
 */
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { StackConfig } from '../config/types.js';
import type { ProcessIdentity } from '../runtime/types.js';
import type { LastExit, ServiceState } from './protocol.js';

export interface SavedService {
  state: ServiceState;
  identity: ProcessIdentity | null;
  restarts: number;
  lastExit: LastExit | null;
}

export interface SavedState {
  version: 1;
  daemonPid: number;
  config: StackConfig | null;
  services: Record<string, SavedService>;
}

export type LoadResult =
  | { kind: 'missing' }
  | { kind: 'ok'; state: SavedState }
  | { kind: 'corrupt'; movedTo: string; error: string };

export class StateStore {
  constructor(private readonly file: string) {}

  load(): LoadResult {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch {
      return { kind: 'missing' };
    }
    try {
      const state = JSON.parse(text) as SavedState;
      if (state?.version !== 1 || typeof state.services !== 'object' || state.services === null) {
        throw new Error('unknown format');
      }
      return { kind: 'ok', state };
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

/** Read state.json without repairing it (for the CLI, which never moves files). */
export function peekState(file: string): SavedState | null {
  try {
    const state = JSON.parse(readFileSync(file, 'utf8')) as SavedState;
    return state?.version === 1 && typeof state.services === 'object' && state.services !== null ? state : null;
  } catch {
    return null;
  }
}

/** The processes recorded in state.json, without starting a daemon (for the CLI). */
export function recordedIdentities(file: string): ProcessIdentity[] {
  return Object.values(peekState(file)?.services ?? {}).flatMap((s) => (s.identity ? [s.identity] : []));
}
