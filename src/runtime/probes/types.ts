import type { HealthProbe, ProbeContext } from '../types.js';

/** What one probe kind decides; runProbe adds the duration. */
export interface ProbeOutcome {
  ok: boolean;
  message: string;
  /** The address and port a tcp or http probe connected to, whatever it then decided. */
  reached?: Reached;
}

export interface Reached {
  address: string;
  port: number;
}

export type ProbeOf<K extends HealthProbe['kind']> = Extract<HealthProbe, { kind: K }>;

/** Must resolve, never reject, within about ctx.timeoutMs, and leave no timer, socket or process behind. */
export type Prober<K extends HealthProbe['kind']> = (probe: ProbeOf<K>, ctx: ProbeContext) => Promise<ProbeOutcome>;
