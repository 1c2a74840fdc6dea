/** Signals a service may ask to be stopped with. "TERM" is accepted for "SIGTERM". */
export const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP', 'SIGQUIT', 'SIGKILL', 'SIGUSR1', 'SIGUSR2'] as const;

export const STOP_SIGNAL_SPELLINGS: readonly string[] = [...STOP_SIGNALS, ...STOP_SIGNALS.map((s) => s.slice(3))];

export function normaliseSignal(name: string): NodeJS.Signals {
  return (name.startsWith('SIG') ? name : `SIG${name}`) as NodeJS.Signals;
}
