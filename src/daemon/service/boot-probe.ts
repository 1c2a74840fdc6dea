/**
 * How long a booting service's probe loop waits before its next probe (pure). Every hop
 * of `up`'s dependency chain waits on average half of it beyond the service's own boot,
 * so short is better; but each probe costs CPU (a refused connection ~0.15 ms here), taken
 * from the services that are booting, on a 2-core machine. So the booting loops share one
 * budget, about one probe every BOOT_PROBE_MIN_MS daemon-wide: one service booting alone
 * (a chain's later hops) is probed every 2 ms, five at once every 10 ms each, as before.
 * A service still booting after BOOT_FINE_MS (a bundler, a JVM) gains little from a few
 * milliseconds and goes back to BOOT_PROBE_MS. An exec probe spawns a process: 50 ms.
 */
import type { HealthProbe } from '../../config/types.js';

export const BOOT_PROBE_MIN_MS = 2;
export const BOOT_PROBE_MS = 10;
export const BOOT_EXEC_PROBE_MS = 50;
export const BOOT_FINE_MS = 1000;

/** `booting`: probe loops booting now, this one included; `bootingForMs`: since this loop began. */
export function bootProbeDelay(kind: HealthProbe['kind'], booting: number, bootingForMs: number): number {
  if (kind === 'exec') return BOOT_EXEC_PROBE_MS;
  if (bootingForMs >= BOOT_FINE_MS) return BOOT_PROBE_MS;
  return Math.min(BOOT_PROBE_MS, Math.max(BOOT_PROBE_MIN_MS, BOOT_PROBE_MIN_MS * booting));
}
