/**
 * Is this JSON a resolved config (config/types.ts)? The daemon gets one from the CLI with
 * every up and restart, and finds one in state.json; both may come from another version
 * of stack, and a wrong type deep inside would only crash it later, mid-operation.
 */
import type { ServiceConfig, StackConfig } from '../config/types.js';
import { isListOf, isMap, isNumber, isOptional, isRecordOf, isString } from './json-guards.js';

/** The fields of the resolved config that the daemon relies on. */
export function isConfig(v: unknown): v is StackConfig {
  if (!isMap(v) || !isString(v.name) || !isString(v.file) || !isString(v.root) || !isMap(v.logs)) return false;
  if (!isNumber(v.logs.maxBytes) || !isNumber(v.logs.keep)) return false;
  // Older versions sent and saved no inputs.
  if (!isOptional(v.inputs, (i) => isListOf(i, isString))) return false;
  return isMap(v.services) && Object.entries(v.services).every(([name, s]) => isServiceConfig(s) && s.name === name);
}

/** The fields of one service's resolved config that the daemon relies on. */
export function isServiceConfig(s: unknown): s is ServiceConfig {
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
    isOptional(s.buildOutputs, (v: unknown) => isListOf(v, isString)) &&
    isRecordOf(s.env, isString) &&
    isRecordOf(s.dependsOn, isString) &&
    isListOf(s.watch, isString) &&
    [s.restart, s.onStale, s.stopSignal].every(isString) &&
    isNumber(s.stopTimeout) &&
    isOptional(s.pidFile, isString) &&
    isOptional(s.portAuto, (v) => typeof v === 'boolean') &&
    isOptional(s.memoryLimit, isNumber) &&
    isOptional(s.staleness, isString)
  );
}
