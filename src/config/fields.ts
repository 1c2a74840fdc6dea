/**
 * Schemas of single values in stack.yaml (durations, ports, commands, env maps, probe
 * targets), each with the sentence shown when a value does not fit. schema.ts composes
 * them into the file's shape.
 */
import { parseSize, type SizeOptions } from './size.js';
import * as z from 'zod';
import type { Command } from './types.js';
import { clip, describeValue, orList } from './describe.js';
import { parseDuration } from './duration.js';

const ENV_NAME = /^[^=\0]+$/;

export type Issue = { input?: unknown };
export const expected = (what: string) => (issue: Issue) => `expected ${what}, got ${describeValue(issue.input)}`;

export const text = (what: string) =>
  z.string({ error: expected(what) }).refine((s) => s.trim() !== '', { error: 'must not be empty' });

export const durationOf = (what: 'any' | 'positive') =>
  z
    .union([z.number(), z.string()], { error: expected('a duration like "2s" or "500ms"') })
    .transform((value, ctx) => {
      const parsed = parseDuration(value);
      if (!parsed.ok) {
        ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
        return z.NEVER;
      }
      if (what === 'positive' && parsed.ms === 0) {
        ctx.issues.push({ code: 'custom', message: 'must be longer than 0', input: value });
        return z.NEVER;
      }
      return parsed.ms;
    })
    .describe('A duration: a number with a unit (ms, s, m, h), e.g. "500ms", "2s", "1.5m", "1m30s".');

/** A size with a unit (size.ts): binary KB/MB/GB, also written K, M, G or KiB, MiB, GiB. */
const sizeOf = (options: SizeOptions | undefined, example: string) =>
  z.union([z.number(), z.string()], { error: expected(`a size like "${example}"`) }).transform((value, ctx) => {
    const parsed = parseSize(value, options);
    if (!parsed.ok) {
      ctx.issues.push({ code: 'custom', message: parsed.message, input: value });
      return z.NEVER;
    }
    return parsed.bytes;
  });

export const sizeSchema = sizeOf(undefined, '10MB').describe('A size with a unit: KB, MB or GB (1KB = 1024 bytes), e.g. "10MB".');

export const MEMORY_SIZE: SizeOptions = { min: { bytes: 1024 ** 2, text: '1MB' }, examples: '512MB, 300M or 1.5GB' };

export const memoryLimitSchema = sizeOf(MEMORY_SIZE, '512MB').describe(
  'Restart the service when its whole process tree stays above this much resident memory for two samples in a row. ' +
    'Binary units: 512MB, 300M, 1.5GB, 1GiB (1MB = 1024 KB).',
);

const PORT = 'a port number between 1 and 65535';
export const portNumber = z
  .number({ error: expected(PORT) })
  .int({ error: expected(PORT) })
  .min(1, { error: expected(PORT) })
  .max(65535, { error: expected(PORT) });

/** `port: auto`: stack picks a free port on first use and keeps it in .stack/ports.json. */
export const AUTO_PORT = 'auto';
export type DeclaredPort = number | typeof AUTO_PORT;

const SERVICE_PORT = `${PORT}, or ${AUTO_PORT}`;
const servicePortNumber = z
  .number({ error: expected(SERVICE_PORT) })
  .int({ error: expected(SERVICE_PORT) })
  .min(1, { error: expected(SERVICE_PORT) })
  .max(65535, { error: expected(SERVICE_PORT) });

const portFromText = (s: string, ctx: z.RefinementCtx): DeclaredPort => {
  if (s.trim() === AUTO_PORT) return AUTO_PORT;
  const n = /^\s*\d+\s*$/.test(s) ? Number(s) : NaN;
  if (Number.isInteger(n) && n >= 1 && n <= 65535) return n;
  const hint = autoHint(s);
  ctx.addIssue({ code: 'custom', message: expected(SERVICE_PORT)({ input: s }), input: s, ...(hint ? { params: { hint } } : {}) });
  return z.NEVER as never;
};

/** `port: automatic`, `Auto`, `random`: the person meant auto. */
function autoHint(text: string): string | undefined {
  const word = text.trim().toLowerCase();
  if (word === '' || /^\d/.test(word)) return undefined;
  if (word.startsWith('auto') || word.startsWith('au') || ['random', 'any', 'free', 'dynamic', 'ephemeral', 'pick'].includes(word)) {
    return `did you mean 'auto', which picks a free port once and keeps it?`;
  }
  return undefined;
}

export const portSchema = z
  .union([servicePortNumber, z.string().transform(portFromText)], { error: expected(SERVICE_PORT) })
  .describe(
    'The port the service listens on; injected as $PORT. A numeric string (e.g. "${API_PORT:-4000}") is accepted. ' +
      '"auto": stack picks a free port on first use and keeps it in .stack/ports.json.',
  );

export const commandSchema = z
  .union(
    [
      text('a command'),
      z
        .array(z.union([z.string(), z.number()], { error: expected('a string') }).transform(String))
        .min(1, { error: 'must not be an empty list' })
        .refine((argv) => argv[0]?.trim() !== '', { error: 'the program (first item) must not be empty', path: [0] }),
    ],
    { error: expected('a command: a string run by the shell, or a list of arguments') },
  )
  .transform((c): Command => (typeof c === 'string' ? { shell: c } : { argv: c }))
  .describe('A string runs through the shell; a list is an argv and runs without one.');

export const envSchema = z
  .record(
    z.string().regex(ENV_NAME, { error: (issue: Issue) => `${describeValue(issue.input)} is not a valid variable name` }),
    z.union([z.string(), z.number(), z.boolean()], { error: expected('a string, number or boolean') }).transform(String),
    { error: expected('a map of NAME: value') },
  )
  .describe('Environment variables. Numbers and booleans are passed as written.');

export const oneOrMore = (what: string) =>
  z
    .union([text(what), z.array(text(what))], { error: expected(`${what} or a list of them`) })
    .transform((v) => (typeof v === 'string' ? [v] : v));

export const envFileSchema = oneOrMore('a file path').describe(
  'Env file(s) of KEY=VALUE lines, relative to the stack file. A missing file is an error.',
);

export const httpUrl = z.string({ error: expected('an http:// or https:// URL') }).transform((s, ctx) => {
  if (!URL.canParse(s) || !/^https?:$/.test(new URL(s).protocol)) {
    ctx.addIssue({ code: 'custom', message: expected('an http:// or https:// URL')({ input: s }), input: s });
    return z.NEVER;
  }
  return s;
});

const TCP = 'a port or "host:port"';
export const tcpTarget = z
  .union([portNumber, z.string({ error: expected(TCP) })], { error: expected(TCP) })
  .transform((value, ctx): { host: string; port: number } => {
    // No host: localhost, which the probe takes to mean either loopback (127.0.0.1 or ::1).
    if (typeof value === 'number') return { host: 'localhost', port: value };
    const match = /^\s*(?:\[([^\]]+)\]|([^\s:]+)):(\d+)\s*$/.exec(value) ?? /^\s*()()(\d+)\s*$/.exec(value);
    const port = match ? Number(match[3]) : NaN;
    if (!match || !(port >= 1 && port <= 65535)) {
      ctx.addIssue({ code: 'custom', message: expected(TCP)({ input: value }), input: value });
      return z.NEVER;
    }
    return { host: match[1] || match[2] || 'localhost', port };
  });

export const logPattern = z.string({ error: expected('a regular expression') }).transform((s, ctx) => {
  try {
    new RegExp(s);
    return s;
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^.*: /, '') : String(error);
    ctx.addIssue({ code: 'custom', message: `"${clip(s)}" is not a valid regular expression (${reason.toLowerCase()})`, input: s });
    return z.NEVER;
  }
});

export const enumOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: expected(orList(values.map((v) => `"${v}"`))) });

