/**
 * Sizes in stack.yaml ("10MB", "512KB", "1.5GiB", "300M"). Every unit is binary, as in
 * ps, top and PM2: 1KB = 1K = 1KiB = 1024 bytes, 1MB = 1024 KB, 1GB = 1024 MB, so a
 * limit and the memory `status` shows (also in binary MB) compare as written. A bare
 * number is rejected like a bare duration: 10 could mean bytes or megabytes.
 */
export type SizeResult = { ok: true; bytes: number } | { ok: false; message: string };

const UNITS: Readonly<Record<string, number>> = { b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(?:(b)|([kmg])(?:i?b)?)$/i;

export interface SizeOptions {
  /** The least size accepted, in bytes, and how to write it in the error. */
  min: { bytes: number; text: string };
  /** Examples for the error sentence, e.g. "10MB, 512KB or 1GB". */
  examples: string;
}

const LOG_SIZE: SizeOptions = { min: { bytes: 1024, text: '1KB' }, examples: '10MB, 512KB or 1GB' };

export function parseSize(input: number | string, options: SizeOptions = LOG_SIZE): SizeResult {
  const text = String(input).trim();
  const match = SIZE.exec(text);
  if (!match) {
    const hint = /^\d+(?:\.\d+)?$/.test(text)
      ? `${text} has no unit; write "${text}MB" or "${text}KB"`
      : `"${text}" is not a size; write it like ${options.examples}`;
    return { ok: false, message: hint };
  }
  const unit = (match[2] ?? match[3]!).toLowerCase();
  const bytes = Math.round(Number(match[1]) * UNITS[unit]!);
  if (bytes < options.min.bytes) return { ok: false, message: `"${text}" is too small; the least is ${options.min.text}` };
  return { ok: true, bytes };
}
