/** Short phrases for probe messages. */
import { formatDuration } from '../../format.js';

export function timedOut(timeoutMs: number): string {
  return `timed out after ${formatDuration(timeoutMs)}`;
}

const NETWORK_PHRASES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host not found',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  EADDRNOTAVAIL: 'address not available',
  EPROTO: 'TLS handshake failed (does the server speak https on this port?)',
};

/** Connection errors from node:net and node:http (which may wrap them in `cause` or an AggregateError). */
export function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined && NETWORK_PHRASES[code] !== undefined) return NETWORK_PHRASES[code];
  return error instanceof Error ? error.message : String(error);
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  if (error instanceof AggregateError && error.errors.length > 0) return errorCode(error.errors[0]);
  const { code, cause } = error as { code?: unknown; cause?: unknown };
  if (typeof code === 'string' && code in NETWORK_PHRASES) return code;
  return errorCode(cause) ?? (typeof code === 'string' ? code : undefined);
}
