// `stack mcp`: the SDK's own client, over stdio, against a real stack in a temp project.
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { STACK_BIN } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml } from '../helpers/fixtures.js';
import { E2E_MARKER_VAR, waitFor } from '../helpers/procs.js';
import type { StatusResponse } from '../../src/protocol/status.js';
import { httpGet, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

interface Connection {
  client: Client;
  /** What the server wrote to stderr (its log). */
  stderr: () => string;
  /** Errors the client's transport saw: anything on stdout that is not the protocol lands here. */
  transportErrors: Error[];
}

const open: Connection[] = [];
afterEach(async () => {
  await Promise.allSettled(open.splice(0).map((c) => c.client.close()));
});

/** `stack mcp [args]` started by the SDK's StdioClientTransport in `cwd`, connected. */
async function connect(cwd: string, args: string[] = [], marker = cwd): Promise<Connection> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !['FORCE_COLOR', 'STACK_FILE', 'STACK_DEBUG'].includes(k)) env[k] = v;
  env.NO_COLOR = '1';
  // Inherited by the daemon and the services, so the project's cleanup finds them all.
  env[E2E_MARKER_VAR] = path.resolve(marker);
  const transport = new StdioClientTransport({ command: process.execPath, args: [STACK_BIN, 'mcp', ...args], cwd, env, stderr: 'pipe' });
  let stderr = '';
  transport.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const transportErrors: Error[] = [];
  const client = new Client({ name: 'stack-e2e', version: '1.0.0' });
  client.onerror = (error) => transportErrors.push(error);
  await client.connect(transport);
  const connection = { client, stderr: () => stderr, transportErrors };
  open.push(connection);
  return connection;
}

async function call(c: Connection, name: string, args: Record<string, unknown> = {}, onprogress?: (message: string) => void): Promise<CallToolResult> {
  return (await c.client.callTool({ name, arguments: args }, undefined, onprogress ? { onprogress: (p) => onprogress(p.message ?? '') } : undefined)) as CallToolResult;
}

function text(result: CallToolResult, index = 0): string {
  const block = result.content[index];
  return block?.type === 'text' ? block.text : '';
}

/** A result that must have succeeded: its structured JSON. */
function ok<T = Record<string, unknown>>(result: CallToolResult): T {
  expect(result.isError, text(result)).toBeFalsy();
  // The JSON travels twice: structured, and as the second text block for text-only clients.
  expect(JSON.parse(text(result, 1))).toEqual(result.structuredContent);
  return result.structuredContent as T;
}

/** A server whose answer and log come from its source: VERSION is what it serves. */
const server = (version: string): string => `
const VERSION = '${version}';
console.log('booting ' + VERSION + ' (pid ' + process.pid + ')');
require('node:http')
  .createServer((req, res) => { console.log(req.method + ' ' + req.url); res.end(VERSION); })
  .listen(process.env.PORT, '127.0.0.1', () => console.log('listening on ' + process.env.PORT));
process.on('SIGTERM', () => process.exit(0));
`;

describe('stack mcp', () => {
  it('lists its tools, each annotated as read-only or acting and each input field described', async () => {
    const [port] = await freePorts(1);
    const p = await project('mcp-tools', { 'stack.yaml': stackYaml({ api: httpService({ port: port! }) }) });
    const c = await connect(p.dir);

    const { tools } = await c.client.listTools();
    const byName = new Map(tools.map((t) => [t.name, t]));
    expect([...byName.keys()].sort()).toEqual(['analyze', 'config', 'doctor', 'down', 'events', 'graph', 'logs', 'restart', 'status', 'up', 'wait']);
    for (const name of ['status', 'doctor', 'logs', 'events', 'analyze', 'graph', 'config', 'wait']) {
      expect(byName.get(name)?.annotations, name).toMatchObject({ readOnlyHint: true });
    }
    expect(byName.get('up')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: false, idempotentHint: true });
    expect(byName.get('down')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: true });
    expect(byName.get('restart')?.annotations).toMatchObject({ readOnlyHint: false, destructiveHint: true, idempotentHint: false });
    expect(Object.keys(byName.get('logs')!.inputSchema.properties ?? {}).sort()).toEqual(['grep', 'lines', 'services', 'since']);
    expect(Object.keys(byName.get('wait')!.inputSchema.properties ?? {}).sort()).toEqual(['for', 'services', 'timeout']);
    expect(byName.get('restart')!.inputSchema.required).toEqual(['services']);
    for (const t of tools) {
      expect(t.description?.length ?? 0, t.name).toBeGreaterThan(80);
      for (const [field, schema] of Object.entries(t.inputSchema.properties ?? {})) {
        expect((schema as { description?: string }).description, `${t.name}.${field}`).toBeTruthy();
      }
    }
  });

  it('started where no stack.yaml is in reach, it keeps serving: each tool says so, until one is written', async () => {
    const [port] = await freePorts(1);
    const p = await project('mcp-nofile');
    const c = await connect(p.dir);
    expect(c.stderr()).toMatch(/no stack\.yaml or stack\.yml in .* Each tool will say so/);

    const missing = await call(c, 'status');
    expect(missing.isError).toBe(true);
    expect(text(missing)).toMatch(/^error: No stack\.yaml or stack\.yml in /i);

    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port! }) }));
    expect(serviceIn(ok<StatusResponse>(await call(c, 'status')), 'api').state).toBe('stopped');
  });

  it('reads work without a daemon, give the same JSON as the CLI, mask secrets, and start nothing (served through --file from elsewhere)', async () => {
    const [port] = await freePorts(1);
    const secret = 'hunter2-s3cret';
    const p = await project('mcp-nodaemon', {
      'stack.yaml': stackYaml({ api: { ...httpService({ port: port! }), env: { API_TOKEN: secret, DATABASE_URL: `postgres://app:${secret}@127.0.0.1:5432/shop` } } }),
    });
    const c = await connect(os.tmpdir(), ['--file', p.path('stack.yaml')], p.dir);

    const status = ok<StatusResponse>(await call(c, 'status'));
    expect(status.daemon.running).toBe(false);
    expect(serviceIn(status, 'api')).toMatchObject({ state: 'stopped', pid: null });
    expect(status).toEqual(JSON.parse((await runExpecting(p.dir, ['status', '--json'], 0)).stdout));
    expect(text(await call(c, 'status'))).toMatch(/^Nothing is running: no stack daemon runs/);

    const config = await call(c, 'config');
    expect(ok(config)).toEqual(JSON.parse((await runExpecting(p.dir, ['config', '--json'], 0)).stdout));
    const env = (config.structuredContent as { services: { api: { env: Record<string, string> } } }).services.api.env;
    expect(env.API_TOKEN).toBe('••••••');
    expect(env.DATABASE_URL).toBe('postgres://app:••••••@127.0.0.1:5432/shop');
    expect(JSON.stringify(config.content)).not.toContain(secret);

    expect(ok(await call(c, 'graph'))).toEqual(JSON.parse((await runExpecting(p.dir, ['graph', '--format', 'json'], 0)).stdout));
    const doctor = await call(c, 'doctor');
    expect(ok(doctor)).toEqual(JSON.parse((await runExpecting(p.dir, ['doctor', '--json'], 1)).stdout));
    expect(ok(doctor)).toMatchObject({ ok: false, findings: [{ check: 'dependency-unreachable' }, { check: 'service-down', service: 'api', severity: 'info' }] });
    expect(text(doctor)).toMatch(/^Root cause: api is configured to reach 127\.0\.0\.1:5432 \(DATABASE_URL\), which does not accept connections/);
    expect(text(await call(c, 'events'))).toBe('No events yet: nothing has been started in this project.');

    expect(existsSync(p.path('.stack/daemon.sock'))).toBe(false);
    expect((await statusJson(p.dir)).daemon.running).toBe(false);
    expect(c.stderr()).toContain(`serving ${p.path('stack.yaml')}`);
    expect(c.transportErrors).toEqual([]);
  });

  it('"is api running my latest code?": up, an edit makes status say stale with the file, restart, wait, fresh again', async () => {
    const [port] = await freePorts(1);
    const p = await project('mcp-session');
    await p.write('api/server.js', server('v1'));
    await p.write('stack.yaml', stackYaml({ api: { command: ['node', 'server.js'], cwd: 'api', port: port!, health: { http: `http://127.0.0.1:${port}/`, interval: '200ms' } } }));
    const c = await connect(p.dir);

    const up = ok<{ ok: boolean; services: Array<{ name: string; state: string; pid: number }> }>(await call(c, 'up'));
    expect(up).toMatchObject({ ok: true, services: [{ name: 'api', state: 'running', health: 'healthy' }] });
    const before = serviceIn(ok<StatusResponse>(await call(c, 'status')), 'api');
    expect(before).toMatchObject({ state: 'running', stale: false, pid: up.services[0]!.pid });
    const analyzed = await call(c, 'analyze');
    expect(ok(analyzed)).toEqual(JSON.parse((await runExpecting(p.dir, ['analyze', '--json'], 0)).stdout));
    expect(ok(analyzed)).toMatchObject({ ok: true, critical: ['api'] });
    expect(text(analyzed)).toMatch(/^The last up took \d+\.\d\ds; its critical chain was api \(api \d+\.\d\ds \+ \d+\.\d\ds finishing\)/);

    await p.write('api/server.js', server('v2'));
    const stale = await waitFor(
      async () => {
        const result = await call(c, 'status');
        return serviceIn(ok<StatusResponse>(result), 'api').stale ? result : null;
      },
      { timeoutMs: 15_000, intervalMs: 100, message: 'the status tool saying api is stale' },
    );
    expect(serviceIn(stale.structuredContent as unknown as StatusResponse, 'api').staleFiles.map((f) => f.path)).toEqual(['api/server.js']);
    expect(text(stale)).toMatch(new RegExp(`^api \\(running, healthy, pid ${before.pid}\\): STALE: api/server\\.js modified \\S+ after start`));
    expect(ok(await call(c, 'doctor'))).toMatchObject({ ok: false, findings: [{ check: 'stale-code', service: 'api' }] });
    expect(text(await call(c, 'doctor'))).toMatch(/^Root cause: api runs stale code: api\/server\.js .*; next: stack restart api/);

    const progress: string[] = [];
    const restart = await call(c, 'restart', { services: ['api'] }, (line) => progress.push(line));
    const restarted = ok<{ services: Array<{ name: string; pid: number }> }>(restart);
    expect(restarted).toMatchObject({ ok: true, services: [{ name: 'api', state: 'running', health: 'healthy', error: null }] });
    expect(restarted.services[0]!.pid).not.toBe(before.pid);
    expect(text(restart)).toMatch(/^Restarted: api running, healthy, pid \d+ \(\S+\)\.$/);
    expect(progress.join('\n')).toMatch(/api\s+healthy in \S+ \(pid \d+\)/);

    const wait = await call(c, 'wait', { services: ['api'], for: 'healthy' });
    expect(ok(wait)).toMatchObject({ ok: true, for: 'healthy', timedOut: false, services: [{ name: 'api', ok: true, reason: null }] });
    const after = await call(c, 'status');
    expect(serviceIn(ok<StatusResponse>(after), 'api')).toMatchObject({ stale: false, staleFiles: [], pid: restarted.services[0]!.pid });
    expect(text(after)).toMatch(/^api is running and healthy, on fresh code/);
    expect((await httpGet(port!)).body).toBe('v2');

    // logs with grep: the same lines as `stack logs --json --grep`, and only matching ones.
    await httpGet(port!, '/hello');
    const logs = await waitFor(async () => {
      const doc = ok<{ services: Array<{ name: string; lines: string[] }> }>(await call(c, 'logs', { services: ['api'], grep: '^GET /hello' }));
      return doc.services[0]!.lines.length > 0 ? doc : null;
    });
    expect(logs.services).toEqual([{ name: 'api', file: '.stack/logs/api.log', lines: ['GET /hello'] }]);
    expect(logs).toEqual(JSON.parse((await runExpecting(p.dir, ['logs', 'api', '--json', '--grep', '^GET /hello'], 0)).stdout));
    const booted = ok<{ services: Array<{ lines: string[] }> }>(await call(c, 'logs', { services: ['api'], grep: 'booting', lines: 1 }));
    expect(booted.services[0]!.lines).toEqual([`booting v2 (pid ${restarted.services[0]!.pid})`]);

    const down = ok(await call(c, 'down'));
    expect(down).toMatchObject({ ok: true, services: [{ name: 'api', state: 'stopped', pid: null }] });
    expect(c.transportErrors).toEqual([]);
  });

  it('a bad stack.yaml, an unknown service and a crash come back as tool errors with the CLI sentence; the server keeps serving', async () => {
    const [port] = await freePorts(1);
    const p = await project('mcp-errors', {
      'stack.yaml': stackYaml({ api: httpService({ port: port! }), broken: crashService({ module: 'left-pad', restart: 'no' }) }),
    });
    const c = await connect(p.dir);

    const unknown = await call(c, 'restart', { services: ['apx'] });
    expect(unknown.isError).toBe(true);
    expect(text(unknown)).toBe(`error: No service named apx (did you mean api?) in ${p.path('stack.yaml')}.\nhint: services are: api, broken`);
    expect((await call(c, 'logs', { services: ['nope'] })).isError).toBe(true);
    const badArgs = await call(c, 'logs', { lines: -1 });
    expect(badArgs.isError).toBe(true);

    const crashed = await call(c, 'up', { services: ['broken'] });
    expect(crashed.isError).toBe(true);
    expect(crashed.structuredContent).toMatchObject({ ok: false, services: [{ name: 'broken', error: expect.stringMatching(/exited with code 1/) }] });
    expect(text(crashed)).toMatch(/^✖ broken: exited with code 1.*Cannot find module 'left-pad'/);
    expect(text(crashed)).toMatch(/│ Error: Cannot find module 'left-pad'/);
    expect(text(crashed)).toMatch(/error: broken failed\.\nhint: /);
    const wait = await call(c, 'wait', { services: ['broken'], timeout: '20s' });
    expect(wait.isError).toBe(true);
    expect(text(wait)).toMatch(/^error: broken will not be healthy: .*Cannot find module 'left-pad'/);

    await p.write('stack.yaml', 'services:\n  api:\n    comand: node x.js\n');
    const config = await call(c, 'config');
    expect(config.isError).toBe(true);
    expect(text(config)).toMatch(/^error: stack\.yaml has 1 problem:\n {2}stack\.yaml:3:5 services\.api\.comand: unknown key 'comand' \(did you mean 'command'\?\)/);
    const doctor = ok<{ ok: boolean; findings: Array<{ check: string }> }>(await call(c, 'doctor'));
    expect(doctor.ok).toBe(false);
    expect(doctor.findings[0]!.check).toBe('config-invalid');

    // Still serving, and nothing but the protocol ever reached stdout.
    expect((await c.client.listTools()).tools).toHaveLength(11);
    expect(c.transportErrors).toEqual([]);
  });
});
