// The real IPC server on a unix socket, with a real supervisor behind it: a body it cannot
// act on is answered 400 with one sentence (and the CLI's client makes that sentence the
// error it prints), while good bodies are answered exactly as before.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { requestStream } from '../../../../src/client/ipc.js';
import { DEFAULTS, type StackConfig } from '../../../../src/config/types.js';
import { supervisorControl } from '../../../../src/daemon/control.js';
import { ensureRuntimeDir } from '../../../../src/daemon/daemon.js';
import { startServer } from '../../../../src/daemon/server/server.js';
import { EventLog } from '../../../../src/daemon/state/event-log.js';
import { StateStore } from '../../../../src/daemon/state/state-store.js';
import { Supervisor } from '../../../../src/daemon/supervisor.js';
import { StackError } from '../../../../src/errors.js';
import { projectPaths } from '../../../../src/project-dir.js';

interface Answer {
  status: number;
  type: string | undefined;
  text: string;
}

/** A daemon's server and supervisor for a fresh project dir, closed and removed when the test ends. */
async function serve(): Promise<{ socket: string; config: StackConfig; shutdowns: () => number }> {
  const root = realpathSync(mkdtempSync(path.join(tmpdir(), 'stack-server-')));
  const paths = projectPaths(path.join(root, 'stack.yaml'));
  ensureRuntimeDir(paths);
  const supervisor = new Supervisor(paths, new EventLog(paths.eventsFile), new StateStore(paths.stateFile));
  let shutdowns = 0;
  const server = await startServer(paths.socket, { control: supervisorControl(supervisor), supervisor, shutdown: () => shutdowns++, ui: () => Promise.reject(new Error('no dashboard in this test')) });
  onTestFinished(async () => {
    await new Promise((resolve) => server.close(resolve));
    await supervisor.close();
    rmSync(root, { recursive: true, force: true });
  });
  const config: StackConfig = { name: 'shop', file: paths.configFile, root, logs: DEFAULTS.logs, services: {} };
  return { socket: paths.socket, config, shutdowns: () => shutdowns };
}

/** POST `body` (sent as is) over the socket with node:http, the way any client could. */
function post(socket: string, route: string, body: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ socketPath: socket, method: 'POST', path: route, headers: { 'content-type': 'application/json' } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the IPC server refuses a body it cannot act on', () => {
  it.each<[string, string, (config: StackConfig) => string, string]>([
    ['not JSON', '/up', () => '{"services": [', 'the body is not valid JSON (POST /up)'],
    ['empty', '/down', () => '', 'the body is not valid JSON (POST /down)'],
    ['a list', '/down', () => '["api"]', 'the body must be a JSON object (POST /down)'],
    ['one name for services', '/up', (config) => JSON.stringify({ config, services: 'api', wait: true }), 'services must be a list of service names (POST /up)'],
    ['wait as text', '/up', (config) => JSON.stringify({ config, services: [], wait: 'yes' }), 'wait must be true or false (POST /up)'],
    ['an unknown condition', '/wait', () => JSON.stringify({ services: [], for: 'ready' }), 'for must be one of healthy, running, completed, stopped (POST /wait)'],
    ['no config', '/restart', () => JSON.stringify({ services: ['api'] }), 'config must be a stack config as the CLI resolves it (POST /restart)'],
    ['a service the config does not have', '/restart', (config) => JSON.stringify({ config, services: ['api'] }), 'unknown service: api'],
    ['a service the config does not have', '/up', (config) => JSON.stringify({ config, services: ['api', 'web'], wait: true }), 'unknown service: api, web'],
    ['a service the daemon does not supervise', '/down', () => JSON.stringify({ services: ['api'] }), 'unknown service: api'],
    ['a port out of range', '/ui', () => JSON.stringify({ port: 70000 }), 'port must be a port number (1-65535) or null (POST /ui)'],
    ['a port as text', '/ui', () => JSON.stringify({ port: '8080' }), 'port must be a port number (1-65535) or null (POST /ui)'],
  ])('%s, to %s: 400 and the sentence', async (_what, route, body, sentence) => {
    const { socket, config } = await serve();
    const answer = await post(socket, route, body(config));
    expect(answer).toEqual({ status: 400, type: 'application/json', text: JSON.stringify({ error: sentence }) });
  });

  it('reaches the CLI as the sentence, not a trace', async () => {
    const { socket, config } = await serve();
    const refused = await requestStream(socket, '/up', { config, services: [42], wait: true }, () => undefined).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StackError);
    expect(refused).toMatchObject({
      code: 'DAEMON_ERROR',
      message: 'The stack daemon refused the request: services must be a list of service names (POST /up)',
      hint: undefined,
    });
  });

  it('answers good bodies as before: progress as ndjson, the outcome last', async () => {
    const { socket, config, shutdowns } = await serve();
    const done = `${JSON.stringify({ type: 'done', ok: true, failures: [] })}\n`;
    const up = await post(socket, '/up', JSON.stringify({ config, services: [], wait: true }));
    expect(up).toMatchObject({ status: 200, type: 'application/x-ndjson' });
    // An up says how long it took (Done.elapsedMs, the total `stack analyze` reads back).
    expect(JSON.parse(up.text)).toEqual({ type: 'done', ok: true, failures: [], elapsedMs: expect.any(Number) });
    expect(await post(socket, '/down', JSON.stringify({ services: [] }))).toEqual({ status: 200, type: 'application/x-ndjson', text: done });
    // `stack down` with no names ends the daemon too.
    expect(shutdowns()).toBe(1);
  });
});
