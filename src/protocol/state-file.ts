/**
 * state.json (a contract between daemons of different versions and the CLI): what a new
 * daemon needs to re-adopt running services after the old one died, and what the CLI
 * reads when no daemon answers. Written by src/daemon/state/state-store.ts; read here,
 * field by field, because a file cut short or written by another version must be set
 * aside, not half-trusted.
 */
import { readFileSync } from 'node:fs';
import type { ServiceConfig, StackConfig } from '../config/types.js';
import type { ProcessIdentity } from '../runtime/types.js';
import type { LastExit, ServiceState } from './status.js';
import { isConfig, isServiceConfig } from './config-guard.js';
import { isMap, isNumber, isOptional, isString } from './json-guards.js';

export interface SavedService {
  state: ServiceState;
  identity: ProcessIdentity | null;
  restarts: number;
  lastExit: LastExit | null;
  /**
   * The resolved config its process was started with, while one runs: what `status` and
   * `up` compare stack.yaml with. Files written before stack kept it have none.
   */
  startedWith?: ServiceConfig;
  /** The pid of the command that daemonized into `identity` (the server stack tracks), if it did. */
  daemonizedFrom?: number;
  /** How long it took from launch to ready the last time it started, in ms (daemon/start-order.ts). */
  bootMs?: number;
}

export interface SavedState {
  version: 1;
  daemonPid: number;
  config: StackConfig | null;
  services: Record<string, SavedService>;
}

/** Read state.json without repairing it (for the CLI, which never moves files). */
export function peekState(file: string): SavedState | null {
  try {
    return parseSavedState(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

/**
 * state.json's text → SavedState, or an Error saying what is wrong. Checked field by field:
 * a file cut short, edited by hand or written by another version must be set aside, not
 * half-trusted (a wrong type deep inside would crash the CLI or the daemon later).
 */
export function parseSavedState(text: string): SavedState {
  const data: unknown = JSON.parse(text);
  if (!isMap(data) || data.version !== 1 || !isMap(data.services)) throw new Error('unknown format');
  if (typeof data.daemonPid !== 'number') throw new Error('daemonPid is not a number');
  if (data.config !== null && !isConfig(data.config)) throw new Error('its config is malformed');
  for (const [name, record] of Object.entries(data.services)) {
    if (!isSavedService(record)) throw new Error(`its record of ${JSON.stringify(name)} is malformed`);
  }
  return data as unknown as SavedState;
}

const SERVICE_STATES: readonly string[] = ['pending', 'building', 'starting', 'running', 'stopping', 'stopped', 'exited', 'crashloop'];

function isSavedService(v: unknown): boolean {
  if (!isMap(v) || !isString(v.state) || !SERVICE_STATES.includes(v.state) || !isNumber(v.restarts)) return false;
  const identity = v.identity;
  const identityOk =
    identity === null ||
    (isMap(identity) && Number.isSafeInteger(identity.pid) && (identity.pid as number) > 0 && isString(identity.startToken) && isNumber(identity.startedAt));
  const exit = v.lastExit;
  const exitOk = exit === null || (isMap(exit) && isString(exit.at) && (exit.code === null || isNumber(exit.code)));
  return identityOk && exitOk && isOptional(v.startedWith, isServiceConfig) && isOptional(v.daemonizedFrom, isNumber) && isOptional(v.bootMs, isNumber);
}

/** The processes recorded in state.json, without starting a daemon (for the CLI). */
export function recordedIdentities(file: string): ProcessIdentity[] {
  return Object.values(peekState(file)?.services ?? {}).flatMap((s) => (s.identity ? [s.identity] : []));
}
