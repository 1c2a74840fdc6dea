/**
 * Files under a service's cwd that are never the code it runs, whatever its `watch` globs
 * say, like node_modules (matcher.ts). By file name alone: pure, and the same for the
 * watcher, the start content and doctor's scan. Under a `watch` of everything under cwd,
 * each of them would mark the service stale for as long as it exists or at every write:
 * false alarms that teach people to ignore the marker.
 */

/**
 * One regex, ending in one of: what a running server writes for itself (logs and their
 * rotations, pid files, Unix sockets and MySQL's locks of them, SQLite databases with their
 * journals, Redis's snapshots and append-only files: redis-server saving dump.rdb in its
 * cwd, an api logging to app.log); caches a process or its tools write (Python's bytecode,
 * TypeScript's build info); a merge's leftovers (.orig, .rej); backups (`x~`) and
 * JetBrains' safe-write files. Or whole names: Postgres's socket and its lock file
 * (`.s.PGSQL.5432.lock`, written at each start when `-k` names the cwd), vim's swap files
 * (`.x.swp`, there as long as the file is open) and write test (4913), Emacs's lock and
 * auto-save files (`.#x`, `#x#`), the folder files of macOS and Windows. One regex, not a list of them: it is asked of every file of a tree the
 * daemon crawls, in its interpreter-only V8 (DESIGN §8), where a list of 17 cost ~10× as
 * much (100k names: ~250 ms against ~30, on a loaded machine), and so did set lookups.
 */
const NEVER =
  /(?:\.log(?:\.\d+)?(?:\.gz)?|\.(?:pid|sock(?:\.lock)?|rdb|aof|py[co]|tsbuildinfo|orig|rej)|\.(?:sqlite3?|db)(?:-journal|-wal|-shm)?|~|___jb_(?:tmp|old)___)$|^(?:\.s\.PGSQL\.\d+(?:\.lock)?|\..*\.sw[a-p]|4913|\.#.*|#.*#|\.DS_Store|Thumbs\.db|desktop\.ini)$/i;

/** `name`: a file's base name. */
export function isNeverSource(name: string): boolean {
  return NEVER.test(name);
}

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

/**
 * A database server's data directory (Postgres, MySQL/MariaDB, MongoDB), known by a file
 * its server keeps there: numbered files written at every checkpoint, which no name rule
 * can tell from code (`postgres -D ./pgdata` under the service's cwd). Nothing under it is
 * a source but its configuration files, in the directory itself: Postgres reads
 * postgresql.conf and pg_hba.conf from there (and ALTER SYSTEM writes postgresql.auto.conf),
 * so an edit of them is config the running server has not read. Its subdirectories are
 * never entered. Looked for once per directory (matcher.ts).
 */
export interface DatabaseDir {
  /** The file that marks the directory. */
  readonly marker: string;
  /** The files directly in it that are the server's configuration (the only sources there). */
  readonly config: ReadonlySet<string>;
}

export const DATABASE_DIRS: readonly DatabaseDir[] = [
  { marker: 'PG_VERSION', config: new Set(['postgresql.conf', 'postgresql.auto.conf', 'pg_hba.conf', 'pg_ident.conf']) },
  { marker: 'ibdata1', config: new Set() },
  { marker: 'WiredTiger', config: new Set() },
];
