/**
 * Small checks for JSON that came from outside this process (state.json, an IPC request
 * body): plain functions rather than a schema library, because the daemon's start-up
 * and every request it answers load them.
 */

export type Json = Record<string, unknown>;

export function isMap(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export const isNumber = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isOptional = (v: unknown, check: (v: unknown) => boolean): boolean => v === undefined || check(v);
export const isRecordOf = (v: unknown, check: (v: unknown) => boolean): boolean => isMap(v) && Object.values(v).every(check);
export const isListOf = (v: unknown, check: (v: unknown) => boolean): boolean => Array.isArray(v) && v.every(check);
