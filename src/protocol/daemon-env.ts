/**
 * The environment the daemon's own process runs with, and the user's given back to what it
 * starts. glibc's malloc keeps an arena per thread that allocates (libuv's pool threads
 * do, for file system calls), and each keeps what it touched: one arena is ~0.7 MB less
 * RSS for the daemon's whole life (docs/benchmarks.md). glibc reads MALLOC_ARENA_MAX when
 * the process starts, so the daemon puts the user's value (or its absence) back in its
 * environment first thing: its services, which inherit that, run with the user's.
 * Other C libraries ignore the variable.
 */
const ARENAS = 'MALLOC_ARENA_MAX';
/** The user's MALLOC_ARENA_MAX while the daemon's is set ('' when there was none). */
const USERS = 'STACK_USER_MALLOC_ARENA_MAX';

/** `env` for spawning the daemon. */
export function daemonProcessEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...env, [ARENAS]: '1', [USERS]: env[ARENAS] ?? '' };
}

/** In the daemon, before it starts anything: the user's environment again. */
export function restoreUserEnv(env: NodeJS.ProcessEnv = process.env): void {
  const users = env[USERS];
  if (users === undefined) return;
  if (users === '') delete env[ARENAS];
  else env[ARENAS] = users;
  delete env[USERS];
}
