import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import { describeNetworkError, timedOut } from './describe.js';
import type { Prober } from './types.js';

/**
 * One agent for every HTTP probe, apart from the application's global dispatcher. Each
 * request asks for its connection to be closed (`reset`), and an aborted request has its
 * socket destroyed, so polling never accumulates sockets.
 */
let agent: Agent | undefined;

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

/** GET the URL; 2xx and 3xx are healthy. Redirects are not followed: a 3xx already proves the server answers. */
export const probeHttp: Prober<'http'> = async (probe, ctx) => {
  const started = performance.now();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), ctx.timeoutMs);
  try {
    const response = await request(probe.url, {
      method: 'GET',
      dispatcher: (agent ??= new Agent()),
      reset: true,
      headersTimeout: ctx.timeoutMs,
      bodyTimeout: ctx.timeoutMs,
      signal: controller.signal,
    });
    const status = response.statusCode;
    const elapsed = Math.round(performance.now() - started);
    // The status decides; the body is only drained so the connection can close cleanly.
    await response.body.dump({ limit: 64 * 1024, signal: controller.signal }).catch(() => undefined);
    const ok = status >= 200 && status < 400;
    return { ok, message: ok ? `HTTP ${status} in ${elapsed}ms` : `HTTP ${status}` };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const expired = controller.signal.aborted || (typeof code === 'string' && TIMEOUT_CODES.has(code));
    return { ok: false, message: expired ? timedOut(ctx.timeoutMs) : describeNetworkError(error) };
  } finally {
    clearTimeout(timer);
  }
};
