/**
 * The dashboard's secret: random per daemon, kept in `.stack/ui.json` (0600, like the
 * socket) with the port it serves on, for tools that want to reach the running dashboard
 * (bench/ does). Removed when the daemon exits; the next daemon makes a new one.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface UiFile {
  url: string;
  port: number;
  token: string;
  pid: number;
}

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function uiFile(runtimeDir: string): string {
  return path.join(runtimeDir, 'ui.json');
}

export function writeUiFile(file: string, contents: UiFile): void {
  writeFileSync(file, `${JSON.stringify(contents)}\n`, { mode: 0o600 });
  // An older file of ours with looser bits keeps its mode on write: tighten it.
  chmodSync(file, 0o600);
}

export function removeUiFile(file: string): void {
  rmSync(file, { force: true });
}
