/**
 * The ports of a project's `port: auto` services, kept in `.stack/ports.json` so each
 * stays the same across restarts, `down`/`up` and new daemons. A port is chosen the first
 * time stack resolves the config (config/auto-port.ts): free on every address at that
 * moment, not written as a number elsewhere in the file, not kept by another service of
 * this project, and not claimed by another project on this machine (port-claims.ts).
 * Every change happens under `.stack/ports.lock`, so two commands of one project never
 * choose twice; the CLI and the daemon both write here.
 */
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { makeRuntimeDir } from '../../project-dir.js';
import { withDirLock } from '../dir-lock.js';
import { freePorts } from './free-port.js';
import { PortClaims } from './port-claims.js';
import { PORTS_FILE, readPortsFile, type PortMove, type PortsFile } from './ports-file.js';

export type { PortMove } from './ports-file.js';

export class PortBook {
  private readonly claims: PortClaims;

  constructor(
    private readonly runtimeDir: string,
    claimsDir?: string,
  ) {
    this.claims = new PortClaims(runtimeDir, claimsDir);
  }

  read(): PortsFile {
    return readPortsFile(this.runtimeDir);
  }

  kept(service: string): number | undefined {
    const { ports } = this.read();
    return Object.hasOwn(ports, service) ? ports[service] : undefined;
  }

  /** Choose a port for each of `services` that has none yet (another command may have, meanwhile). */
  async choose(services: readonly string[], avoid: ReadonlySet<number>): Promise<void> {
    await this.change((file) => {
      const missing = services.filter((s) => !Object.hasOwn(file.ports, s));
      return this.pick(file, missing.length, avoid).then((ports) => missing.forEach((s, i) => (file.ports[s] = ports[i]!)));
    });
  }

  /**
   * Give `service` a new port instead of `from`, which `holder` (in words) now holds, and
   * remember the move for status. The new port; `from` when another command moved it already.
   */
  async move(service: string, from: number, holder: string, avoid: ReadonlySet<number> = new Set()): Promise<number> {
    let to = from;
    await this.change(async (file) => {
      if (file.ports[service] !== from) {
        to = file.ports[service] ?? from;
        return;
      }
      [to] = (await this.pick(file, 1, new Set([...avoid, from]))) as [number];
      file.ports[service] = to;
      file.moves[service] = { from, to, at: new Date().toISOString(), holder };
      this.claims.release(from);
    });
    return to;
  }

  /** The moves not yet acknowledged, by service. */
  moves(): Record<string, PortMove> {
    return this.read().moves;
  }

  /** Forget the moves of `services` (a `down` acknowledged them). */
  async clearMoves(services: readonly string[]): Promise<void> {
    if (!services.some((s) => Object.hasOwn(this.read().moves, s))) return;
    await this.change(async (file) => {
      for (const s of services) delete file.moves[s];
    });
  }

  private pick(file: PortsFile, count: number, avoid: ReadonlySet<number>): Promise<number[]> {
    if (count === 0) return Promise.resolve([]);
    const keptHere = new Set(Object.values(file.ports));
    return freePorts(count, (port) => !avoid.has(port) && !keptHere.has(port) && this.claims.claim(port));
  }

  private async change(edit: (file: PortsFile) => Promise<void> | void): Promise<void> {
    makeRuntimeDir(this.runtimeDir);
    await withDirLock(path.join(this.runtimeDir, 'ports.lock'), 'choosing ports', async () => {
      const file = this.read();
      await edit(file);
      const target = path.join(this.runtimeDir, PORTS_FILE);
      const tmp = `${target}.${process.pid}.tmp`;
      writeFileSync(tmp, `${JSON.stringify(file, null, 2)}\n`, { mode: 0o600 });
      renameSync(tmp, target);
    });
  }
}
