/**
 * The supervisor's side of StackControl: what the daemon's socket handlers and
 * `stack up --foreground` both call. Every operation waits until what a previous daemon
 * left running has been re-adopted (supervisor.ready()), or an `up` arriving first would
 * start a second copy of a service that is still running.
 */
import type { StackControl } from '../protocol/control.js';
import type { Done } from '../protocol/messages.js';
import { statusSnapshot } from './status-snapshot.js';
import { waitForServices } from './wait.js';
import type { Supervisor } from './supervisor.js';

export function supervisorControl(supervisor: Supervisor): StackControl {
  return {
    async up(request, progress) {
      await supervisor.ready();
      const done = supervisor.up(request, progress);
      if (request.wait) return done;
      // --no-wait: the services keep starting after the answer.
      done.catch(() => undefined);
      return { type: 'done', ok: true, failures: [] } satisfies Done;
    },
    async down(request, progress) {
      await supervisor.ready();
      return supervisor.down(request.services, progress);
    },
    async restart(request, progress) {
      await supervisor.ready();
      return supervisor.restart(request.config, request.services, progress, request.env);
    },
    async status() {
      await supervisor.ready();
      return statusSnapshot(supervisor);
    },
    async wait(request, progress, signal) {
      await supervisor.ready();
      return waitForServices(supervisor.services, request, progress, signal);
    },
  };
}
