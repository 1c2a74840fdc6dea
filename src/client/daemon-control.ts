/**
 * StackControl over the daemon's socket: each operation is one streamed request (ndjson:
 * progress events, then the Done), status one GET.
 */
import type { OperationName, Progress, StackControl } from '../protocol/control.js';
import type { Done, StreamEvent } from '../protocol/messages.js';
import type { StatusResponse } from '../protocol/status.js';
import { StackError } from '../errors.js';
import { displayPath } from '../format.js';
import type { ProjectPaths } from '../project-dir.js';
import { requestJson, requestStream } from './ipc.js';

export function daemonControl(paths: ProjectPaths): StackControl {
  const operation =
    (name: OperationName) =>
    async (body: unknown, progress: Progress, signal?: AbortSignal): Promise<Done> => {
      let done: Done | null = null;
      await requestStream<StreamEvent>(
        paths.socket,
        `/${name}`,
        body,
        (event) => {
          if (event.type === 'done') done = event;
          else progress(event);
        },
        signal,
      );
      if (!done) {
        throw new StackError('DAEMON_GONE', 'The stack daemon ended the request without an answer.', {
          hint: `see ${displayPath(paths.daemonLog, paths.root)}, then run: stack status`,
        });
      }
      return done;
    };
  return {
    up: operation('up'),
    down: operation('down'),
    restart: operation('restart'),
    status: () => requestJson<StatusResponse>(paths.socket, 'GET', '/status'),
  };
}
