/**
 * The project directory: where a project keeps its runtime state (`.stack/` next to
 * stack.yaml: socket, state.json, events, logs), and whether that directory and its
 * socket can be trusted.
 *
 * Paths are pure arithmetic. The trust checks exist because Node cannot ask a unix socket
 * who is at the other end (no SO_PEERCRED), so file permissions are what keep other users
 * away from the daemon: `.stack/` must be a directory of ours that nobody else can enter
 * (0700), and the socket a socket of ours (0600). Otherwise another user could plant a
 * socket the CLI would talk to, or a state.json the daemon would act on.
 *
 * The CLI checks before every request and before starting a daemon; the daemon checks at
 * start-up. Modes that are merely too open on files of ours are put right (we may chmod
 * what we own); anything owned by someone else is refused, never repaired.
 */
import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, type Stats } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StackError, isErrnoException } from './errors.js';

export interface ProjectPaths {
  /** Directory holding stack.yaml. */
  root: string;
  configFile: string;
  runtimeDir: string;
  socket: string;
  stateFile: string;
  eventsFile: string;
  logsDir: string;
  daemonLog: string;
  /** mkdir-lock held while a client spawns the daemon, so two `stack up`s make one daemon. */
  spawnLock: string;
}

/** sun_path is 108 bytes on Linux and 104 on macOS; stay well below both. */
const MAX_SOCKET_PATH = 100;

export function projectPaths(configFile: string): ProjectPaths {
  const root = path.dirname(configFile);
  const runtimeDir = path.join(root, '.stack');
  return {
    root,
    configFile,
    runtimeDir,
    socket: socketPath(runtimeDir),
    stateFile: path.join(runtimeDir, 'state.json'),
    eventsFile: path.join(runtimeDir, 'events.jsonl'),
    logsDir: path.join(runtimeDir, 'logs'),
    daemonLog: path.join(runtimeDir, 'daemon.log'),
    spawnLock: path.join(runtimeDir, 'spawn.lock'),
  };
}

export function serviceLogFile(paths: ProjectPaths, service: string): string {
  return path.join(paths.logsDir, `${service}.log`);
}

/** A service's own files that are not logs (the git index kept at its process's start): `.stack/run/<svc>/`. */
export function serviceRunDir(paths: ProjectPaths, service: string): string {
  return path.join(paths.runtimeDir, 'run', service);
}

export function buildLogFile(paths: ProjectPaths, service: string): string {
  return path.join(paths.logsDir, `${service}.build.log`);
}

function socketPath(runtimeDir: string): string {
  if (process.platform === 'win32') return `\\\\.\\pipe\\stack-${hashOf(runtimeDir)}`;
  const local = path.join(runtimeDir, 'daemon.sock');
  if (local.length <= MAX_SOCKET_PATH) return local;
  // Deep project paths: fall back to a short, per-project path in the temp dir.
  return path.join(tmpdir(), `stack-${hashOf(runtimeDir)}.sock`);
}

function hashOf(text: string): string {
  // Loaded only when needed: node:crypto costs ~3 ms of every `stack status` otherwise.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The socket's name inside `.stack/` (see socketPath above); elsewhere (a long path's fallback in the temp dir) there is no runtime dir to check. */
export const SOCKET_NAME = 'daemon.sock';

/** Checks `.stack/` when it exists: refuses it when it is not a directory of ours, tightens its mode to 0700. */
export function checkRuntimeDir(dir: string): void {
  const me = currentUid();
  if (me === undefined) return; // Windows: named pipes, no unix owners
  const stat = statOrUndefined(dir, statSync);
  if (!stat) return;
  if (!stat.isDirectory()) {
    throw new StackError('RUNTIME_DIR_NOT_DIR', `${dir} is a file, not the directory where stack keeps its socket, state and logs.`, {
      hint: `move it out of the way (mv ${dir} ${dir}.old), then run the command again`,
    });
  }
  if (stat.uid !== me) {
    throw new StackError(
      'RUNTIME_DIR_NOT_OURS',
      `${dir} belongs to ${userName(stat.uid)}, not to you (${userName(me, ', ')}); stack refuses to use it, since its owner could plant a socket or state there.`,
      { hint: `if it is yours (left by a run under sudo), run: sudo chown -R ${loginOf(me) ?? me} ${dir}; otherwise remove it: sudo rm -rf ${dir}` },
    );
  }
  if ((stat.mode & 0o077) !== 0) chmodSync(dir, 0o700);
}

/** Checks the daemon's socket when it exists: refuses one of another user, tightens ours to 0600. */
export function checkSocket(socket: string): void {
  const me = currentUid();
  if (me === undefined) return;
  if (path.basename(socket) === SOCKET_NAME) checkRuntimeDir(path.dirname(socket));
  const stat = statOrUndefined(socket, lstatSync);
  if (!stat) return;
  if (stat.isDirectory()) {
    throw new StackError('SOCKET_IS_DIR', `${socket} is a directory, where the stack daemon's socket belongs.`, {
      hint: `remove it (rmdir ${socket}), then run the command again`,
    });
  }
  if (stat.uid !== me) {
    throw new StackError(
      'SOCKET_NOT_OURS',
      `The daemon socket ${socket} belongs to ${userName(stat.uid)}, not to you (${userName(me, ', ')}); stack will not talk to a daemon another user may control.`,
      { hint: `remove it (sudo rm ${socket}) and run the command again; stack then starts a daemon of its own` },
    );
  }
  // A plain file or a dead socket is harmless: connecting fails and a new daemon replaces it.
  if (stat.isSocket() && (stat.mode & 0o077) !== 0) chmodSync(socket, 0o600);
}

/** Creates `.stack/` (0700) and the directories below it, or says in a sentence why it cannot. */
export function makeRuntimeDir(dir: string, ...subdirs: string[]): void {
  checkRuntimeDir(dir);
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    for (const sub of subdirs) mkdirSync(sub, { recursive: true, mode: 0o700 });
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'EACCES' || error.code === 'EPERM' || error.code === 'EROFS')) {
      const why = error.code === 'EROFS' ? 'the file system is read-only' : 'permission denied';
      throw new StackError('RUNTIME_DIR_UNWRITABLE', `stack cannot create ${error.path ?? dir} (${why}); it keeps its socket, state and logs there.`, {
        hint: `run stack as the owner of ${path.dirname(dir)}, or make that directory writable for you`,
        cause: error,
      });
    }
    if (isErrnoException(error) && (error.code === 'EEXIST' || error.code === 'ENOTDIR')) checkRuntimeDir(dir);
    throw error;
  }
  checkRuntimeDir(dir);
}

function currentUid(): number | undefined {
  return typeof process.getuid === 'function' ? process.getuid() : undefined;
}

function statOrUndefined(file: string, stat: (file: string) => Stats): Stats | undefined {
  try {
    return stat(file);
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined;
    throw error;
  }
}

/** "nobody (uid 65534)", or with `separator` ", ": "root, uid 0"; the bare uid when /etc/passwd does not name it. */
function userName(uid: number, separator?: string): string {
  const login = loginOf(uid);
  if (login === undefined) return `uid ${uid}`;
  return separator === undefined ? `${login} (uid ${uid})` : `${login}${separator}uid ${uid}`;
}

function loginOf(uid: number): string | undefined {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && id !== undefined && id !== '' && Number(id) === uid) return name;
    }
  } catch {
    /* no passwd file (containers, macOS directory services): the uid alone */
  }
  return undefined;
}
