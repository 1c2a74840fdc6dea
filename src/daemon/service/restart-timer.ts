/** The restart policy's backoff, as one timer per service: scheduling one replaces the last. */
export class RestartTimer {
  private timer: NodeJS.Timeout | null = null;

  schedule(delayMs: number, fire: () => void): void {
    this.cancel();
    this.timer = setTimeout(() => {
      this.timer = null;
      fire();
    }, delayMs);
    // A pending restart must not keep a foreground `stack` alive after Ctrl-C.
    this.timer.unref();
  }

  cancel(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
