/**
 * Files under a service's cwd that are never the code it runs, whatever its `watch` globs
 * say, like node_modules (matcher.ts). By file name alone: pure, and the same for the
 * watcher, the start content and doctor's scan. Under a `watch` of everything under cwd,
 * each of them would mark the service stale for as long as it exists or at every write:
 * false alarms that teach people to ignore the marker.
 */

/**
 * What a running server writes for itself: logs (and their rotations), pid files, Unix
 * sockets, databases with their journals (SQLite), Redis's snapshots and append-only files.
 * (redis-server saving dump.rdb in its cwd, an api logging to app.log.)
 */
const SERVER_FILES = [
  /\.log(\.\d+)?(\.gz)?$/i, // app.log, app.log.1, app.log.2.gz
  /\.(pid|sock)$/i,
  /\.(sqlite3?|db)(-journal|-wal|-shm)?$/i,
  /\.(rdb|aof)$/i, // dump.rdb, temp-1234.rdb, appendonly.aof
];

/**
 * What editors and desktops leave beside a file while it is open or being saved: vim's swap
 * files (there as long as the file is open) and its write test (4913), backups (`~`),
 * Emacs's lock and auto-save files, JetBrains' safe-write files, a merge's leftovers
 * (.orig, .rej), and the folder files of macOS and Windows.
 */
const EDITOR_FILES = [
  /^\..*\.sw[a-p]$/i, // .server.js.swp, .swo, …
  /^4913$/,
  /~$/,
  /^\.#/,
  /^#.*#$/,
  /___jb_(tmp|old)___$/,
  /\.(orig|rej)$/,
  /^(\.DS_Store|Thumbs\.db|desktop\.ini)$/i,
];

/** Caches a process or its tools write beside the sources: Python's bytecode, TypeScript's build info. */
const CACHE_FILES = [/\.py[co]$/i, /\.tsbuildinfo$/i];

const NEVER = [...SERVER_FILES, ...EDITOR_FILES, ...CACHE_FILES];

/**
 * Directories of such files, never entered: Redis 7's append-only files; the caches a
 * running process writes for itself (Python's `__pycache__` at each import, `next dev`'s
 * `.next`, Nuxt's, SvelteKit's, Turborepo's, Parcel's, Angular's); test tools' caches and
 * nyc's coverage data; Python's virtual environments (dependencies, like node_modules).
 */
export const NEVER_SOURCE_DIRS: ReadonlySet<string> = new Set([
  'appendonlydir',
  '__pycache__',
  '.next',
  '.nuxt',
  '.svelte-kit',
  '.turbo',
  '.parcel-cache',
  '.angular',
  '.cache',
  '.pytest_cache',
  '.mypy_cache',
  '.ruff_cache',
  '.tox',
  '.venv',
  '.nyc_output',
]);

/** `name`: a file's base name. */
export function isNeverSource(name: string): boolean {
  return NEVER.some((pattern) => pattern.test(name));
}
