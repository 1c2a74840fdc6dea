import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { formatDuration } from '../../format.js';
import { describeNetworkError, timedOut } from './describe.js';
import type { ProbeOutcome, Prober } from './types.js';

/** Healthy when host:port accepts a TCP connection, which is closed straight away. */
export const probeTcp: Prober<'tcp'> = (probe, ctx) =>
  new Promise<ProbeOutcome>((resolve) => {
    const started = performance.now();
    const socket = connect({ host: probe.host, port: probe.port });
    const finish = (outcome: ProbeOutcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(() => finish({ ok: false, message: timedOut(ctx.timeoutMs) }), ctx.timeoutMs);
    socket.once('connect', () => {
      finish({ ok: true, message: `connected in ${formatDuration(performance.now() - started)}` });
    });
    socket.on('error', (error) => finish({ ok: false, message: describeNetworkError(error) }));
  });
