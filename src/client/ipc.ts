/**
 * The CLI side of the IPC: node:http over the daemon's unix socket, which is already
 * loaded: the CLI's start-up is a hot path (DESIGN §6).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import { StackError, isErrnoException } from '../errors.js';
import { checkSocket } from '../project-dir.js';

/** The errors that mean "no daemon is listening on this socket" (none started, or it died). */
export function isNoDaemonError(error: unknown): boolean {
  return isErrnoException(error) && ['ENOENT', 'ECONNREFUSED', 'ENOTSOCK', 'ECONNRESET', 'EPIPE'].includes(error.code ?? '');
}

function send(socket: string, method: string, path: string, body: unknown, signal?: AbortSignal): Promise<IncomingMessage> {
  // Nobody can tell us who listens on a unix socket: talk only to one that is ours (project-dir.ts).
  checkSocket(socket);
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const req = httpRequest(
      {
        // Our own connection and no Agent: the Agent's first request compiles a good part of
        // node:net's and node:http's internals (~8 ms of every CLI call, measured).
        createConnection: () => connect(socket),
        method,
        path,
        signal,
        headers: payload ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } : {},
      },
      resolve,
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function readAll(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function daemonError(status: number, text: string): StackError {
  let message = text;
  try {
    message = (JSON.parse(text) as { error?: string }).error ?? text;
  } catch {
    /* not JSON: keep the text */
  }
  return new StackError('DAEMON_ERROR', `The stack daemon refused the request: ${message}`, {
    hint: status >= 500 ? 'see .stack/daemon.log; rerun with STACK_DEBUG=1 for details' : undefined,
  });
}

export async function requestJson<T>(socket: string, method: string, path: string, body?: unknown): Promise<T> {
  const res = await send(socket, method, path, body);
  const text = await readAll(res);
  if ((res.statusCode ?? 500) >= 400) throw daemonError(res.statusCode ?? 500, text);
  return JSON.parse(text) as T;
}

/**
 * A request whose answer is newline-delimited JSON; calls onEvent for each line as it
 * arrives. Aborting `signal` drops the connection (the daemon carries on with the work).
 */
export async function requestStream<E>(
  socket: string,
  path: string,
  body: unknown,
  onEvent: (event: E) => void,
  signal?: AbortSignal,
): Promise<void> {
  const res = await send(socket, 'POST', path, body, signal);
  if ((res.statusCode ?? 500) >= 400) throw daemonError(res.statusCode ?? 500, await readAll(res));
  res.setEncoding('utf8');
  let buffered = '';
  try {
    for await (const chunk of res) {
      buffered += chunk as string;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        if (line.trim()) onEvent(JSON.parse(line) as E);
      }
    }
  } catch (error) {
    // The daemon died mid-answer (kill -9, crash): the connection is reset under us.
    if (signal?.aborted || !isNoDaemonError(error)) throw error;
    throw daemonGone(error);
  }
  if (!res.complete) throw daemonGone();
}

function daemonGone(cause?: unknown): StackError {
  return new StackError('DAEMON_GONE', 'The stack daemon stopped answering in the middle of the request.', {
    hint: 'services it started keep running; see .stack/daemon.log, then run: stack status',
    cause,
  });
}
