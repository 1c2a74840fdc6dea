/** Parsers for command-line option values; commander turns a throw into a usage error (exit 2). */
import { InvalidArgumentError } from 'commander';

/** `-n 100`: a whole number, 0 or more. */
export function count(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number like 100.');
  return n;
}
