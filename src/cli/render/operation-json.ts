/**
 * `up`, `down` and `restart --json`: one document at the end instead of progress lines,
 * `{ ok, services: [{ name, state, health, pid, elapsedMs, error }] }`, with the field
 * names of `status --json` (§4). State, health and pid are what a status says after the
 * operation; elapsedMs is the service's step as its progress reported it (starting →
 * ready, stopping → stopped; null when it had none); error is its failure's reason.
 */
import type { Failure, ServiceProgress } from '../../protocol/messages.js';
import type { Health, ServiceState, StatusResponse } from '../../protocol/status.js';

export interface OperationServiceJson {
  name: string;
  state: ServiceState;
  health: Health;
  pid: number | null;
  elapsedMs: number | null;
  error: string | null;
}

export interface OperationJson {
  ok: boolean;
  services: OperationServiceJson[];
}

/** Collects what the progress says about each service, in place of printing it. */
export class OperationJsonCollector {
  /** Services the operation reported on, in the order first heard of. */
  private readonly touched = new Set<string>();
  private readonly elapsed = new Map<string, number>();

  progress(event: ServiceProgress): void {
    this.touched.add(event.service);
    if (event.elapsedMs !== undefined) this.elapsed.set(event.service, event.elapsedMs);
  }

  /**
   * The document. `names`: every service of stack.yaml, for the order; `focus`: when set,
   * only these are listed (restart names a few; its running dependencies are not news).
   */
  document(ok: boolean, names: readonly string[], status: StatusResponse | null, failures: readonly Failure[], focus?: readonly string[]): OperationJson {
    const failed = new Map(failures.map((f) => [f.service, f.reason]));
    const listed = (name: string): boolean => (focus ? focus.includes(name) : this.touched.has(name) || failed.has(name));
    const order = [...names, ...[...this.touched, ...failed.keys()].filter((n) => !names.includes(n))];
    const services = [...new Set(order)].filter(listed).map((name): OperationServiceJson => {
      const now = status?.services.find((s) => s.name === name);
      return {
        name,
        state: now?.state ?? 'stopped',
        health: now?.health ?? 'unknown',
        pid: now?.pid ?? null,
        elapsedMs: this.elapsed.get(name) ?? null,
        error: failed.get(name) ?? null,
      };
    });
    return { ok, services };
  }
}
