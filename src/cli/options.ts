/** Parsers for command-line option values; commander turns a throw into a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';
import { parseDuration } from '../config/duration.js';

/** `-n 100`: a whole number, 0 or more. */
export function count(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number like 100.');
  return n;
}

/** `--timeout 30s`: a duration with a unit, above 0, in milliseconds. */
export function duration(text: string): number {
  const parsed = parseDuration(text);
  if (parsed.ok && parsed.ms > 0) return parsed.ms;
  throw new InvalidArgumentError(`${parsed.ok ? 'it must be longer than 0' : parsed.message}; e.g. 30s or 2m.`);
}

/** `--port 8080`: a TCP port, 1–65535. */
export function portNumber(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError('expected a port number from 1 to 65535.');
  return n;
}
