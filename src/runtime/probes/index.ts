import { performance } from 'node:perf_hooks';
import type { HealthProbe, ProbeContext, ProbeResult } from '../types.js';
import type { ProbeOutcome, Prober } from './types.js';

/** One module per probe kind, imported on first use: the exec probe pulls in execa. */
const probers: { [K in HealthProbe['kind']]: () => Promise<Prober<K>> } = {
  http: async () => (await import('./http.js')).probeHttp,
  tcp: async () => (await import('./tcp.js')).probeTcp,
  exec: async () => (await import('./exec.js')).probeExec,
  log: async () => (await import('./log.js')).probeLog,
  process: async () => (await import('./process.js')).probeProcess,
};

/** Runs one health probe. Always resolves, with a short human message. */
export async function runProbe(probe: HealthProbe, ctx: ProbeContext): Promise<ProbeResult> {
  const started = performance.now();
  let outcome: ProbeOutcome;
  try {
    // The map pairs each kind with its prober; TypeScript cannot follow that through `probe.kind`.
    const prober = (await probers[probe.kind]()) as (probe: HealthProbe, ctx: ProbeContext) => Promise<ProbeOutcome>;
    outcome = await prober(probe, ctx);
  } catch (error) {
    outcome = { ok: false, message: `probe failed: ${error instanceof Error ? error.message : String(error)}` };
  }
  return { ...outcome, durationMs: Math.round(performance.now() - started) };
}
