/**
 * StackControl over the daemon's socket: each operation is one streamed request (ndjson:
 * progress events, then the Done; `wait` ends with a WaitDone), status one GET.
 */
import type { OperationName, Progress, StackControl } from '../protocol/control.js';
import type { Done, ServiceProgress, StreamEvent } from '../protocol/messages.js';
import type { StatusResponse } from '../protocol/status.js';
import type { WaitDone, WaitRequest } from '../protocol/wait.js';
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
      if (!done) throw noAnswer(paths);
      return done;
    };
  const wait = async (body: WaitRequest, progress: Progress, signal?: AbortSignal): Promise<WaitDone> => {
    let done: WaitDone | null = null;
    await requestStream<ServiceProgress | WaitDone>(
      paths.socket,
      '/wait',
      body,
      (event) => {
        if (event.type === 'wait-done') done = event;
        else progress(event);
      },
      signal,
    );
    if (!done) throw noAnswer(paths);
    return done;
  };
  return {
    up: operation('up'),
    down: operation('down'),
    restart: operation('restart'),
    status: () => requestJson<StatusResponse>(paths.socket, 'GET', '/status'),
    wait,
  };
}

export function noAnswer(paths: ProjectPaths): StackError {
  return new StackError('DAEMON_GONE', 'The stack daemon ended the request without an answer.', {
    hint: `see ${displayPath(paths.daemonLog, paths.root)}, then run: stack status`,
  });
}
