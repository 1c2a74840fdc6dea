/**
 * POST /changes: the daemon's notices that what `status` shows may have changed (a
 * service's state, health, pid, restarts, stale mark; stack.yaml read again). Resolves
 * when the daemon ends the stream (it is exiting); rejects when there is no daemon or it
 * goes away mid-stream. `onSubscribed` says the daemon is listening for changes, so a
 * status asked for after it misses none.
 */
import { requestStream } from './ipc.js';

type Notice = { type: 'subscribed' | 'changed'; at: number };

export function followChanges(socket: string, on: { subscribed(): void; changed(): void }, signal: AbortSignal): Promise<void> {
  return requestStream<Notice>(socket, '/changes', {}, (notice) => (notice.type === 'subscribed' ? on.subscribed() : on.changed()), signal);
}
