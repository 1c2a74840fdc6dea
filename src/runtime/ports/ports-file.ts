/**
 * `.stack/ports.json`: the port kept for each `port: auto` service, and the moves that
 * status reports. Parsing is pure and forgiving: a file that is missing, garbled or from
 * another version keeps nothing, and the ports are chosen again.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

export interface PortMove {
  from: number;
  to: number;
  /** ISO time. */
  at: string;
  /** Who held `from`, in words: "pid 4242 (python3 -m http.server)". */
  holder: string;
}

export interface PortsFile {
  version: 1;
  ports: Record<string, number>;
  moves: Record<string, PortMove>;
}

export const PORTS_FILE = 'ports.json';

export function emptyPortsFile(): PortsFile {
  return { version: 1, ports: {}, moves: {} };
}

export function parsePortsFile(text: string | null): PortsFile {
  const out = emptyPortsFile();
  if (text === null) return out;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return out;
  }
  if (!isMap(data) || data.version !== 1) return out;
  for (const [name, port] of Object.entries(isMap(data.ports) ? data.ports : {})) {
    if (isPort(port)) out.ports[name] = port;
  }
  for (const [name, move] of Object.entries(isMap(data.moves) ? data.moves : {})) {
    if (isMap(move) && isPort(move.from) && isPort(move.to) && typeof move.at === 'string' && typeof move.holder === 'string') {
      out.moves[name] = { from: move.from, to: move.to, at: move.at, holder: move.holder };
    }
  }
  return out;
}

/** The ports the project whose runtime directory is `runtimeDir` keeps. */
export function keptPortsIn(runtimeDir: string): number[] {
  return Object.values(readPortsFile(runtimeDir).ports);
}

export function readPortsFile(runtimeDir: string): PortsFile {
  let text: string | null = null;
  try {
    text = readFileSync(path.join(runtimeDir, PORTS_FILE), 'utf8');
  } catch {
    text = null;
  }
  return parsePortsFile(text);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isPort(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 && v <= 65535;
}
