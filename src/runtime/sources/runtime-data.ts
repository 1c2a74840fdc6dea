/**
 * Files a running server writes for itself, which are never the code it runs: logs (and
 * their rotations), pid files, Unix sockets, databases with their journals (SQLite), and
 * Redis's snapshots and append-only files. Under a `watch` of everything under cwd each
 * write of one would mark its own service stale (redis-server saving dump.rdb, an api
 * logging to app.log or writing to data.sqlite): a false alarm on every write, which
 * teaches people to ignore the marker. So, like node_modules, they are never sources,
 * whatever the globs say. By file name alone: pure, and the same for the watcher, the
 * start content and doctor's scan (matcher.ts).
 */

const RUNTIME_DATA = [
  /\.log(\.\d+)?(\.gz)?$/i, // app.log, app.log.1, app.log.2.gz
  /\.(pid|sock)$/i,
  /\.(sqlite3?|db)(-journal|-wal|-shm)?$/i,
  /\.(rdb|aof)$/i, // dump.rdb, temp-1234.rdb, appendonly.aof
];

/** Directories of such files (Redis 7 keeps its append-only files in one). */
export const RUNTIME_DATA_DIRS: ReadonlySet<string> = new Set(['appendonlydir']);

/** `name`: a file's base name. */
export function isRuntimeData(name: string): boolean {
  return RUNTIME_DATA.some((pattern) => pattern.test(name));
}
