/** Small formatters for durations, sizes, times and paths as people read them. */
import path from 'node:path';

/** 412ms, 1.2s, 3m12s, 2h05m, 3d4h. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  const h = Math.floor(m / 60);
  if (h < 24) return `${h}h${String(m % 60).padStart(2, '0')}m`;
  return `${Math.floor(h / 24)}d${h % 24}h`;
}

/** 42 MB, 512 KB. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 10 || unit === 0 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}

/** 14:02:07 — the clock time of an event today, or the date when older. */
export function formatClock(iso: string, now = new Date()): string {
  const date = new Date(iso);
  const time = date.toTimeString().slice(0, 8);
  return date.toDateString() === now.toDateString() ? time : `${date.toISOString().slice(0, 10)} ${time}`;
}

/**
 * `file` relative to `base` when it is inside it (shorter to read), else absolute; `base`
 * itself is ".". Callers choose the base: the project root for what stack keeps, the
 * current directory for the config file and what it names.
 */
export function displayPath(file: string, base: string): string {
  const absolute = path.resolve(base, file);
  const relative = path.relative(base, absolute);
  if (relative === '') return '.';
  const outside = relative.split(path.sep)[0] === '..' || path.isAbsolute(relative);
  return outside ? absolute : relative;
}
