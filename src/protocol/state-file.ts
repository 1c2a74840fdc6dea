/**
 * state.json (a contract between daemons of different versions and the CLI): what a new
 * daemon needs to re-adopt running services after the old one died, and what the CLI
 * reads when no daemon answers. Written by src/daemon/state/state-store.ts; read here,
 * field by field, because a file cut short or written by another version must be set
 * aside, not half-trusted.
 */
import { readFileSync } from 'node:fs';
import type { StackConfig } from '../config/types.js';
import type { ProcessIdentity } from '../runtime/types.js';
import type { LastExit, ServiceState } from './status.js';

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

type Json = Record<string, unknown>;

const SERVICE_STATES: readonly string[] = ['pending', 'building', 'starting', 'running', 'stopping', 'stopped', 'exited', 'crashloop'];

function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown): v is string => typeof v === 'string';
const isOptional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
const isRecordOf = (v: unknown, check: (v: unknown) => boolean): boolean => isMap(v) && Object.values(v).every(check);

function isSavedService(v: unknown): boolean {
  if (!isMap(v) || !isString(v.state) || !SERVICE_STATES.includes(v.state) || !isNumber(v.restarts)) return false;
  const identity = v.identity;
  const identityOk =
    identity === null ||
    (isMap(identity) && Number.isSafeInteger(identity.pid) && (identity.pid as number) > 0 && isString(identity.startToken) && isNumber(identity.startedAt));
  const exit = v.lastExit;
  const exitOk = exit === null || (isMap(exit) && isString(exit.at) && (exit.code === null || isNumber(exit.code)));
  return identityOk && exitOk;
}

/** The fields of the resolved config (config/types.ts) that the daemon relies on. */
function isConfig(v: unknown): boolean {
  if (!isMap(v) || !isString(v.name) || !isString(v.file) || !isString(v.root) || !isMap(v.logs)) return false;
  if (!isNumber(v.logs.maxBytes) || !isNumber(v.logs.keep)) return false;
  return isMap(v.services) && Object.entries(v.services).every(([name, s]) => isServiceConfig(s) && (s as Json).name === name);
}

function isServiceConfig(s: unknown): boolean {
  if (!isMap(s) || !isString(s.name) || !isString(s.cwd) || !isMap(s.command) || !isMap(s.health)) return false;
  const c = s.command;
  const commandOk = isString(c.shell) || (Array.isArray(c.argv) && c.argv.length > 0 && c.argv.every(isString));
  const h = s.health;
  const healthOk = isMap(h.probe) && isString(h.probe.kind) && [h.interval, h.timeout, h.retries, h.startPeriod].every(isNumber);
  return (
    commandOk &&
    healthOk &&
    isOptional(s.port, isNumber) &&
    isOptional(s.build, isString) &&
    isRecordOf(s.env, isString) &&
    isRecordOf(s.dependsOn, isString) &&
    Array.isArray(s.watch) &&
    s.watch.every(isString) &&
    [s.restart, s.onStale, s.stopSignal].every(isString) &&
    isNumber(s.stopTimeout)
  );
}

/** The processes recorded in state.json, without starting a daemon (for the CLI). */
export function recordedIdentities(file: string): ProcessIdentity[] {
  return Object.values(peekState(file)?.services ?? {}).flatMap((s) => (s.identity ? [s.identity] : []));
}
