/**
 * The daemon's IPC server: HTTP+JSON over the project's unix socket (a named pipe on
 * Windows). Requests dispatch through a route map to one handler per verb.
 */
import { chmodSync, unlinkSync } from 'node:fs';
import { createConnection } from 'node:net';
import { createServer, type Server } from 'node:http';
import { StackError, isErrnoException } from '../../errors.js';
import { checkSocket } from '../../project-dir.js';
import { BadRequest, sendJson, type Handler, type HandlerContext } from './context.js';
import { handleChanges } from './handle-changes.js';
import { handleDown } from './handle-down.js';
import { handleExit } from './handle-exit.js';
import { handlePing } from './handle-ping.js';
import { handleRestart } from './handle-restart.js';
import { handleStartedWith } from './handle-started-with.js';
import { handleStatus } from './handle-status.js';
import { handleUp } from './handle-up.js';
import { handleUi } from './handle-ui.js';
import { handleWait } from './handle-wait.js';

const routes: Record<string, Handler> = {
  'GET /ping': handlePing,
  'GET /status': handleStatus,
  'GET /started-with': handleStartedWith,
  'POST /up': handleUp,
  'POST /down': handleDown,
  'POST /restart': handleRestart,
  'POST /wait': handleWait,
  'POST /changes': handleChanges,
  'POST /exit': handleExit,
  'POST /ui': handleUi,
};

/** `METHOD /path` of every request the daemon answers: docs/DESIGN.md §9 lists each (a test keeps them equal). */
export const ROUTES: readonly string[] = Object.keys(routes);

export async function startServer(socket: string, ctx: HandlerContext): Promise<Server> {
  const server = createServer((req, res) => {
    const handler = routes[`${req.method} ${req.url}`];
    if (!handler) return sendJson(res, 404, { error: `no such request: ${req.method} ${req.url}` });
    handler(req, res, ctx).catch((error: unknown) => {
      const message = error instanceof Error ? error.message : String(error);
      if (!res.headersSent) sendJson(res, error instanceof BadRequest ? 400 : 500, { error: message });
      else res.end();
    });
  });
  // Long `up`s stream for minutes; never cut them off.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await listen(server, socket);
  return server;
}

async function listen(server: Server, socket: string): Promise<void> {
  // Never take over (or unlink) a socket of another user, nor one in a directory of theirs.
  checkSocket(socket);
  try {
    await listenOnce(server, socket);
  } catch (error) {
    if (!isErrnoException(error) || error.code !== 'EADDRINUSE') throw error;
    if (await answers(socket)) {
      throw new StackError('DAEMON_RUNNING', 'Another stack daemon is already serving this project.');
    }
    // A socket file left by a daemon that died: nobody answers on it.
    unlinkSync(socket);
    await listenOnce(server, socket);
  }
  if (process.platform !== 'win32') chmodSync(socket, 0o600);
  checkSocket(socket);
}

function listenOnce(server: Server, socket: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    // Only the owner may talk to the daemon: the socket is created 0600 (no window with looser bits).
    const previous = process.umask(0o177);
    try {
      server.listen(socket);
    } finally {
      process.umask(previous);
    }
  });
}

function answers(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const conn = createConnection(socket);
    conn.once('connect', () => {
      conn.destroy();
      resolve(true);
    });
    conn.once('error', () => resolve(false));
  });
}
