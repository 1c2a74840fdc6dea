/**
 * Durations in stack.yaml: a number with a unit — "500ms", "2s", "1.5s", "1m", "1h" —
 * or several in a row like "1m30s". Returns milliseconds.
 *
 * A bare number is rejected (except 0): `interval: 2` could mean 2 s or 2 ms, and
 * guessing wrong either hammers a service or waits for minutes. The message says how
 * to write both.
 */
export type DurationResult = { ok: true; ms: number } | { ok: false; message: string };

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:(?:\d+(?:\.\d+)?|\.\d+)(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|s|m|h)/g;
const BARE_NUMBER = /^\d+(?:\.\d+)?$/;

/** Longer than this overflows Node timers (~24.8 days) long before it is useful. */
export const MAX_DURATION_MS = 24 * 3_600_000;

export function parseDuration(input: number | string): DurationResult {
  if (typeof input === 'number') {
    if (input === 0) return { ok: true, ms: 0 };
    return { ok: false, message: noUnit(String(input)) };
  }
  const text = input.trim();
  if (text === '') return { ok: false, message: 'expected a duration like "2s" or "500ms", got an empty string' };
  if (text === '0') return { ok: true, ms: 0 };
  if (BARE_NUMBER.test(text)) return { ok: false, message: noUnit(text) };
  if (!DURATION.test(text)) {
    return { ok: false, message: `"${clip(text)}" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h` };
  }
  let ms = 0;
  for (const [, amount, unit] of text.matchAll(PART)) ms += Number(amount) * UNIT_MS[unit!]!;
  ms = Math.round(ms);
  if (ms > MAX_DURATION_MS) return { ok: false, message: `"${text}" is too long; the limit is 24h` };
  return { ok: true, ms };
}

/** 2000 → "2s": a duration as stack.yaml would write it, for `stack config` to print back. */
export function durationLiteral(ms: number): string {
  if (ms === 0) return '0';
  for (const [unit, size] of [['h', 3_600_000], ['m', 60_000], ['s', 1000]] as const) {
    if (ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

function noUnit(n: string): string {
  return `${n} has no unit; write "${n}s" for seconds or "${n}ms" for milliseconds`;
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
