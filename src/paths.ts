/**
 * Where a project keeps its runtime state: `.stack/` next to stack.yaml.
 * Pure path arithmetic: nothing here touches the disk.
 */
import { tmpdir } from 'node:os';
import path from 'node:path';

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

/** A path relative to the project root when it is inside it (for messages and JSON). */
export function displayPath(paths: Pick<ProjectPaths, 'root'>, file: string): string {
  const rel = path.relative(paths.root, file);
  return rel.startsWith('..') || path.isAbsolute(rel) ? file : rel;
}
