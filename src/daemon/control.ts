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
      if (request.wait) return supervisor.up(request, progress);
      // --no-wait: answered once every service has said where it is (starting, waiting for
      // a dependency, already running); they go on starting after the answer.
      const said = new Set<string>();
      let targets: ReadonlySet<string> | null = null;
      let answer!: () => void;
      const launched = new Promise<void>((resolve) => (answer = resolve));
      const check = (): void => {
        if (targets && [...targets].every((name) => said.has(name))) answer();
      };
      const done = supervisor.up(
        request,
        (event) => {
          progress(event);
          said.add(event.service);
          check();
        },
        (names) => {
          targets = new Set(names);
          check();
        },
      );
      await Promise.race([launched, done.then(() => undefined, () => undefined)]);
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
