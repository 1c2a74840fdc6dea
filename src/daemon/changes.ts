/**
 * Who wants to hear that what `status` shows may have changed: the `stack status --watch`
 * clients holding POST /changes open. A service's state, health, pid, restarts or stale
 * mark changing, or stack.yaml being read again, pokes it; the pokes of one tick are one
 * notice. A notice carries nothing: the client asks for the status (one GET /status), so
 * the status has one builder.
 */
type Listener = { onChange: () => void; onClose: () => void };

export class Changes {
  private readonly listeners = new Set<Listener>();
  private queued = false;
  private closed = false;

  /** Calls `onChange` on each notice, `onClose` when the daemon is going away; returns the unsubscribe. */
  subscribe(onChange: () => void, onClose: () => void): () => void {
    const listener = { onChange, onClose };
    // One that arrives while the daemon shuts down is ended at once, like the others.
    if (this.closed) {
      queueMicrotask(onClose);
      return () => undefined;
    }
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  poke(): void {
    if (this.queued || this.listeners.size === 0) return;
    this.queued = true;
    setImmediate(() => {
      this.queued = false;
      for (const listener of this.listeners) listener.onChange();
    });
  }

  /** The daemon exits: every open stream is ended, or the server would wait for them forever. */
  close(): void {
    this.closed = true;
    for (const listener of [...this.listeners]) listener.onClose();
    this.listeners.clear();
  }
}
