/**
 * Sizes in stack.yaml ("10MB", "512KB", "1GB"; binary units: 1KB = 1024 bytes).
 * A bare number is rejected like a bare duration: 10 could mean bytes or megabytes.
 */
export type SizeResult = { ok: true; bytes: number } | { ok: false; message: string };

const UNITS: Readonly<Record<string, number>> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)$/i;

export function parseSize(input: number | string): SizeResult {
  const text = String(input).trim();
  const match = SIZE.exec(text);
  if (!match) {
    const hint = /^\d+(?:\.\d+)?$/.test(text) ? `${text} has no unit; write "${text}MB" or "${text}KB"` : `"${text}" is not a size; write it like 10MB, 512KB or 1GB`;
    return { ok: false, message: hint };
  }
  const bytes = Math.round(Number(match[1]) * UNITS[match[2]!.toLowerCase()]!);
  if (bytes < 1024) return { ok: false, message: `"${text}" is too small; the least is 1KB` };
  return { ok: true, bytes };
}
