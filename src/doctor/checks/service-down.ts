/**
 * A service that exited with a failure: how (code, signal, when) and why (the reason the
 * daemon pulled from its log). Services that were never started or were stopped on
 * purpose are not failures: they get one info finding, so a half-started stack is not an
 * error but is not called healthy either. A service added to stack.yaml while the stack
 * runs is an error until `stack up` starts it: the stack running is not the one in the file.
 */
import type { StackConfig } from '../../config/types.js';
import { describeLastExit, hasFailed } from '../service-state.js';
import { formatClock } from '../../format.js';
import { serviceLogFile } from '../../project-dir.js';
import { linesToQuote } from '../../protocol/exit-wording.js';
import { NEW_NOTE } from '../../protocol/service-status.js';
import type { ServiceStatus } from '../../protocol/status.js';
import { readLogTail } from '../../runtime/logs/log-tail.js';
import type { Check, Finding } from '../types.js';

/** How many of a crashed service's log lines the message quotes, from how many of its last. */
const QUOTED_LINES = 3;
const TAIL_LINES = 30;

export const serviceDown: Check = async ({ status, paths, config }) => {
  if (!status) return [];
  const listed = new Set(status.services.map((s) => s.name));
  // In the file doctor read, not yet in the one the daemon read (it reads a change within milliseconds).
  const unlisted = status.daemon.running ? Object.keys(config?.services ?? {}).filter((n) => !listed.has(n)) : [];
  const tails = new Map(
    await Promise.all(
      status.services.filter((s) => hasFailed(s, config)).map(async (s) => [s.name, await readLogTail(serviceLogFile(paths, s.name), TAIL_LINES)] as const),
    ),
  );
  return [...status.services.flatMap((s) => downFindings(s, tails, config)), ...unlisted.map(notStarted)];
};

function downFindings(s: ServiceStatus, tails: ReadonlyMap<string, string[]>, config: StackConfig | null): Finding[] {
  if (hasFailed(s, config)) {
    const how = s.lastExit ? describeLastExit(s.lastExit) : 'exited';
    const { lines, after } = linesToQuote(tails.get(s.name) ?? [], s.lastExit?.reason ?? null, QUOTED_LINES);
    const quoted = lines.length > 0 ? `; ${after ? 'next lines' : 'last lines'}: ${lines.join(' / ')}` : '';
    const pending = `${quoted}${s.restartAt ? `; stack restarts it at ${formatClock(s.restartAt)}` : ''}`;
    return [
      {
        check: 'service-down',
        severity: 'error',
        service: s.name,
        message: `${s.name} is down: ${how}${pending}`,
        hint: `stack logs ${s.name}   (then: stack restart ${s.name})`,
        // A crash loop repeats on restart until the cause is fixed: see crash-loop.
        fixable: s.state === 'exited',
      },
    ];
  }
  if (s.state === 'stopped' && s.pid === null && (s.notes ?? []).includes(NEW_NOTE)) return [notStarted(s.name)];
  if (s.state === 'stopped' && s.pid === null) {
    // Not its lastExit: that is the last *unexpected* exit, which may predate a later
    // run that was stopped on purpose (stack down), and would send the reader after an
    // old crash.
    return [
      {
        check: 'service-down',
        severity: 'info',
        service: s.name,
        message: `${s.name} is not running`,
        hint: `stack up ${s.name}`,
        fixable: false,
      },
    ];
  }
  return [];
}

function notStarted(name: string): Finding {
  return {
    check: 'service-down',
    severity: 'error',
    service: name,
    message: `${name} is not started: it is new in stack.yaml`,
    hint: 'stack up',
    fixable: true,
  };
}
