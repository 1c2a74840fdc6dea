/**
 * `localhost` is two addresses: a dev server that binds it gets 127.0.0.1 or ::1,
 * whichever its resolver answered first (Node and Vite get ::1 only on macOS and many
 * Linux distros), and the probe's resolver may answer differently (Node 20 keeps the
 * /etc/hosts order, which lists only 127.0.0.1 on many machines). So a probe of
 * `localhost` never asks the resolver: it connects to both loopbacks at once and keeps
 * whichever accepts first. Any other host is connected to as given.
 */
import { connect, type Socket } from 'node:net';
import { describeNetworkError, timedOut } from './describe.js';

const LOOPBACKS = ['127.0.0.1', '::1'] as const;

/** The addresses to try for `host`: both loopbacks for localhost, else the host itself (brackets of an IPv6 literal dropped). */
export function addressesOf(host: string): string[] {
  const bare = host.replace(/^\[(.*)\]$/, '$1');
  return /^localhost\.?$/i.test(bare) ? [...LOOPBACKS] : [bare];
}

export type FirstConnection = { ok: true; socket: Socket; address: string } | { ok: false; message: string };

/**
 * Connects to `port` on each of `addresses` at once. The first to accept wins and is
 * handed over open; the others are closed. When none accepts within `timeoutMs`, every
 * socket is closed and the message says what each address did. An abort of `signal`
 * (the caller stopped waiting) closes them all too.
 */
export function connectFirst(addresses: readonly string[], port: number, timeoutMs: number, signal?: AbortSignal): Promise<FirstConnection> {
  return new Promise((resolve) => {
    const failures = new Map<string, string>();
    const sockets = addresses.map((address) => ({ address, socket: connect({ host: address, port }) }));
    let settled = false;
    const settle = (outcome: FirstConnection): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      for (const { socket } of sockets) if (!outcome.ok || socket !== outcome.socket) socket.destroy();
      resolve(outcome);
    };
    const giveUp = (): void => settle({ ok: false, message: failureMessage(addresses, failures, timedOut(timeoutMs)) });
    const onAbort = (): void => settle({ ok: false, message: 'aborted' });
    const timer = setTimeout(giveUp, timeoutMs);
    signal?.addEventListener('abort', onAbort, { once: true });
    for (const { address, socket } of sockets) {
      socket.once('connect', () => settle({ ok: true, socket, address }));
      socket.on('error', (error) => {
        if (settled) return;
        failures.set(address, describeNetworkError(error));
        if (failures.size === addresses.length) giveUp();
      });
    }
    if (signal?.aborted) onAbort();
  });
}

/**
 * "connection refused" for one address; "connection refused on 127.0.0.1 and ::1" when
 * all said the same; else each address with its own reason. Addresses that never
 * answered get `pending` (the timeout).
 */
function failureMessage(addresses: readonly string[], failures: ReadonlyMap<string, string>, pending: string): string {
  const reasons = addresses.map((address) => ({ address, reason: failures.get(address) ?? pending }));
  if (reasons.length === 1) return reasons[0]!.reason;
  if (reasons.every((r) => r.reason === reasons[0]!.reason)) return `${reasons[0]!.reason} on ${joinAnd(addresses)}`;
  return reasons.map((r) => `${r.reason} on ${r.address}`).join(', ');
}

function joinAnd(words: readonly string[]): string {
  return words.length <= 1 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}
