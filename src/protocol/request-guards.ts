/**
 * Checks of the request bodies the daemon acts on (messages.ts). The CLI of the same
 * build sends them right, but the socket takes whatever is written to it (a CLI of
 * another version, a script with curl): a body that fails is refused with a sentence
 * saying what is wrong, instead of being trusted until the supervisor trips over it.
 */
import type { DownRequest, RestartRequest, UpFileRequest, UpRequest } from './messages.js';
import type { UiRequest } from './ui.js';
import { WAIT_CONDITIONS, type WaitRequest } from './wait.js';
import { isConfig } from './config-guard.js';
import { isBoolean, isListOf, isMap, isNumber, isOptional, isRecordOf, isString } from './json-guards.js';

/** A type guard that can also say what is wrong with a value it refuses. */
export interface Guard<T> {
  (value: unknown): value is T;
  /** Why the guard refuses `value` ("services must be a list of service names"); null when it does not. */
  problem(value: unknown): string | null;
}

/** One field of a body: its check, and what it must be (for the sentence). */
type Field = readonly [name: string, check: (value: unknown) => boolean, mustBe: string];

const config: Field = ['config', isConfig, 'a stack config as the CLI resolves it'];
const services: Field = ['services', (v) => isListOf(v, isString), 'a list of service names'];
const wait: Field = ['wait', isBoolean, 'true or false'];
const env: Field = ['env', (v) => isOptional(v, (e) => isRecordOf(e, isString)), 'a map of environment variables to text, when given'];
const condition: Field = ['for', (v) => (WAIT_CONDITIONS as readonly unknown[]).includes(v), `one of ${WAIT_CONDITIONS.join(', ')}`];
const timeoutMs: Field = ['timeoutMs', (v) => isOptional(v, (t) => isNumber(t) && t > 0), 'a number of milliseconds above 0, when given'];
const port: Field = ['port', (v) => v === null || (isNumber(v) && Number.isInteger(v) && v > 0 && v < 65536), 'a port number (1-65535) or null'];
const file: Field = ['file', (v) => isString(v) && v.length > 0, 'the path of the stack.yaml to read'];
const requiredEnv: Field = ['env', (v) => isRecordOf(v, isString), 'a map of environment variables to text'];
const optionalConfig: Field = ['config', (v) => isOptional(v, isConfig), 'a stack config as the CLI resolves it, when given'];
const dryRun: Field = ['dryRun', (v) => isOptional(v, isBoolean), 'true or false, when given'];

export const isUpRequest = bodyGuard<UpRequest>([config, services, wait, env, dryRun]);
export const isUpFileRequest = bodyGuard<UpFileRequest>([file, services, wait, requiredEnv]);
/** Either form of `POST /up`: a body with `file` is judged as an UpFileRequest, any other as an UpRequest. */
export const isAnyUpRequest = eitherGuard<UpRequest | UpFileRequest>((v) => isMap(v) && 'file' in v && !('config' in v), isUpFileRequest, isUpRequest);
export const isDownRequest = bodyGuard<DownRequest>([services]);
export const isRestartRequest = bodyGuard<RestartRequest>([config, services, env]);
export const isWaitRequest = bodyGuard<WaitRequest>([services, condition, timeoutMs]);
export const isUiRequest = bodyGuard<UiRequest>([port, optionalConfig, env]);

function eitherGuard<T>(pickFirst: (value: unknown) => boolean, first: Guard<T>, second: Guard<T>): Guard<T> {
  const problem = (value: unknown): string | null => (pickFirst(value) ? first : second).problem(value);
  return Object.assign((value: unknown): value is T => problem(value) === null, { problem });
}

function bodyGuard<T>(fields: readonly Field[]): Guard<T> {
  const problem = (value: unknown): string | null => {
    if (!isMap(value)) return 'the body must be a JSON object';
    const wrong = fields.find(([name, check]) => !check(value[name]));
    return wrong ? `${wrong[0]} must be ${wrong[2]}` : null;
  };
  return Object.assign((value: unknown): value is T => problem(value) === null, { problem });
}
