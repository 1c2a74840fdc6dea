// `stack up` with its daemon already running: the daemon reads stack.yaml itself, with the
// shell's environment (bin/stack.js's fast path), and everything a user sees is what the
// full CLI says: the same config errors before anything starts, the same masked reasons
// and log tails, the environment of this shell rather than the daemon's.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, fixtureScript, httpService, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { httpGet, pidsOf, printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const byHand: ChildProcess[] = [];
afterEach(() => {
  for (const child of byHand.splice(0)) child.kill('SIGKILL');
});

/** Error output as a person reads it, without the colours a terminal would get. */
const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');

describe('stack up with the daemon running', () => {
  it('a stack.yaml broken since the last up: the same error as without a daemon (file:line:col, exit 2), and nothing is touched', async () => {
    const [port] = await freePorts(1);
    const p = await project('warm-broken');
    const good = stackYaml({ api: httpService({ port: port! }) });
    const broken = `${good}  web:\n    comand: node server.js\n`;
    // Without a daemon, the full CLI's own report of this file.
    await p.write('stack.yaml', broken);
    const cold = await runExpecting(p.dir, ['up'], 2);
    await p.write('stack.yaml', good);
    await runExpecting(p.dir, ['up'], 0);
    const before = pidsOf(await statusJson(p.dir));

    await p.write('stack.yaml', broken);
    const warm = await runExpecting(p.dir, ['up'], 2);

    expect(plain(warm.stderr), printed(warm)).toMatch(/stack\.yaml:\d+:\d+/);
    expect(plain(warm.stderr), printed(warm)).toContain("did you mean 'command'");
    expect(plain(warm.stderr)).toBe(plain(cold.stderr));
    expect(warm.stdout, printed(warm)).toBe('');
    expect(pidsOf(await statusJson(p.dir))).toEqual(before);
  });

  it('an unknown service name: "No service named apx (did you mean api?)", exit 2, nothing started', async () => {
    const [apiPort, webPort] = await freePorts(2);
    const p = await project('warm-unknown');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: apiPort! }), web: httpService({ port: webPort! }) }));
    await runExpecting(p.dir, ['up', 'web'], 0);

    const up = await runExpecting(p.dir, ['up', 'apx'], 2);

    expect(plain(up.stderr), printed(up)).toContain('No service named apx (did you mean api?) in');
    expect(serviceIn(await statusJson(p.dir), 'api').pid).toBeNull();
  });

  it('${VAR} comes from the shell that runs up, not from the one that started the daemon', async () => {
    const [first, second] = await freePorts(2);
    const p = await project('warm-env');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: '${API_PORT}' as unknown as number }) }));
    await runExpecting(p.dir, ['up'], 0, { env: { API_PORT: String(first) } });

    const up = await runExpecting(p.dir, ['up'], 0, { env: { API_PORT: String(second) } });

    expect(up.stdout, printed(up)).toMatch(/api\s+config changed \(port/);
    expect(serviceIn(await statusJson(p.dir), 'api')).toMatchObject({ port: second, state: 'running', health: 'healthy' });
    expect((await httpGet(second!, '/health')).status).toBe(200);
  });

  it('services that crash: exit 1, their reasons and log tails with the secret masked, in progress lines and tail alike, every log named', async () => {
    const [port] = await freePorts(1);
    const secret = 'hunter2-s3cret-value';
    const p = await project('warm-crash');
    const api = httpService({ port: port! });
    await p.write('stack.yaml', stackYaml({ api }));
    await runExpecting(p.dir, ['up'], 0);
    const worker = crashService({ message: `could not log in as ${secret}` });
    const mailer = crashService({ message: 'no SMTP host' });
    await p.write('stack.yaml', stackYaml({ api, worker: { ...worker, env: { ...(worker.env as Record<string, string>), API_TOKEN: secret } }, mailer }));

    const up = await runExpecting(p.dir, ['up'], 1);
    const all = plain(up.stdout + up.stderr);

    expect(all, printed(up)).toMatch(/✖ worker: exited with code 1/);
    expect(all, printed(up)).toContain('could not log in as ••••••');
    expect(all, printed(up)).toMatch(/error: (worker, mailer|mailer, worker) failed\./);
    // Both logs are named, not the first one only.
    expect(all, printed(up)).toMatch(/\(full logs: stack logs (worker mailer|mailer worker)\)/);
    expect(all, printed(up)).not.toContain(secret);
    expect(serviceIn(await statusJson(p.dir), 'api').state).toBe('running');
  });

  it("a port held by another process whose command line carries a secret: the live line names the holder, the secret masked", async () => {
    const [apiPort, workerPort] = await freePorts(2);
    const secret = 'hunter2-s3cret-value';
    const p = await project('warm-held');
    const api = httpService({ port: apiPort! });
    await p.write('stack.yaml', stackYaml({ api }));
    await runExpecting(p.dir, ['up'], 0);
    const holder = spawn(process.execPath, [fixtureScript('http-server'), `--token-file=${secret}`], { env: { ...process.env, PORT: String(workerPort) }, stdio: 'ignore' });
    byHand.push(holder);
    await waitFor(() => httpGet(workerPort!, '/health').then((r) => r.status === 200), { timeoutMs: 10_000, message: 'the holder answering' });
    await p.write('stack.yaml', stackYaml({ api, worker: httpService({ port: workerPort!, env: { API_TOKEN: secret } }) }));

    const up = await runExpecting(p.dir, ['up'], 1);

    expect(plain(up.stdout), printed(up)).toMatch(new RegExp(`✖ worker\\s+failed: port ${workerPort} is already in use by pid ${holder.pid} \\(.*--token-file=••••••`));
    expect(up.stdout + up.stderr, printed(up)).not.toContain(secret);
  });
});
