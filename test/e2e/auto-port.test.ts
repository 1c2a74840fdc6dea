// port: auto: two copies of one project run side by side on ports of their own, each keeps
// its ports across restarts, down/up and a new daemon, `${db.port}` follows everywhere, and
// a kept port that another process took while the stack was down is moved, and said so.
import { readFileSync } from 'node:fs';
import net from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { runStack } from '../helpers/cli.js';
import { httpService, stackYaml, type ServiceSpec } from '../helpers/fixtures.js';
import { isPidAlive, waitFor } from '../helpers/procs.js';
import { killDaemon } from '../faults/support-faults.js';
import { httpGet, listenersOf, printed, runExpecting, serviceIn, statusJson, useProjects, type StatusJson } from './support.js';

const project = useProjects();

/** An HTTP fixture on `port: auto` (its health check is http://127.0.0.1:${PORT}/health). */
function autoService(name: string, extra: Partial<ServiceSpec> = {}): ServiceSpec {
  return { ...httpService({ port: 0, name, argv: true }), port: 'auto' as unknown as number, ...extra };
}

const STACK = stackYaml({
  db: autoService('db'),
  api: autoService('api', { env: { NAME: 'api', DB_ADDR: '127.0.0.1:${db.port}' }, depends_on: ['db'] }),
});

function portsOf(status: StatusJson): { db: number; api: number } {
  return { db: serviceIn(status, 'db').port!, api: serviceIn(status, 'api').port! };
}

/** A variable of a running process's environment, as the kernel holds it. */
function envOf(pid: number, name: string): string | undefined {
  const entry = readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').find((e) => e.startsWith(`${name}=`));
  return entry?.slice(name.length + 1);
}

/** Both services running, healthy (a re-adopted one once its probe passed), each answering on its own port with the pid status reports. */
async function expectServing(dir: string): Promise<StatusJson> {
  const status = await waitFor(async () => {
    const s = await statusJson(dir);
    return s.services.every((x) => x.state === 'running' && x.health === 'healthy') ? s : undefined;
  }, { timeoutMs: 20_000, message: 'db and api running and healthy' });
  for (const name of ['db', 'api']) {
    const s = serviceIn(status, name);
    expect(s, name).toMatchObject({ state: 'running', health: 'healthy' });
    expect((await httpGet(s.port!, '/pid')).body.trim(), `${name} answers on ${s.port}`).toBe(String(s.pid));
  }
  expect(envOf(serviceIn(status, 'api').pid!, 'DB_ADDR')).toBe(`127.0.0.1:${serviceIn(status, 'db').port}`);
  return status;
}

describe('port: auto', () => {
  it('two copies started at the same moment both run, on different ports, and keep them across restart, down/up and a new daemon', async () => {
    const a = await project('auto-port-a', { 'stack.yaml': STACK });
    const b = await project('auto-port-b', { 'stack.yaml': STACK });
    const ups = await Promise.all([runStack(a.dir, ['up']), runStack(b.dir, ['up'])]);
    for (const up of ups) expect(up.code, printed(up)).toBe(0);
    const portsA = portsOf(await expectServing(a.dir));
    const portsB = portsOf(await expectServing(b.dir));
    expect(new Set([...Object.values(portsA), ...Object.values(portsB)]).size, JSON.stringify({ portsA, portsB })).toBe(4);

    // stack config shows the number up uses, and where it comes from.
    const config = await runExpecting(a.dir, ['config'], 0);
    expect(config.stdout, printed(config)).toContain(`port: ${portsA.db} # auto, kept in .stack/ports.json`);
    expect(config.stdout).toContain(`DB_ADDR: 127.0.0.1:${portsA.db}`);

    await runExpecting(a.dir, ['restart', 'db', '--dependents'], 0);
    expect(portsOf(await expectServing(a.dir))).toEqual(portsA);

    const crashed = serviceIn(await statusJson(a.dir), 'api').pid!;
    process.kill(crashed, 'SIGKILL');
    await waitFor(async () => {
      const s = serviceIn(await statusJson(a.dir), 'api');
      return s.restarts === 1 && s.health === 'healthy' && s.pid !== crashed;
    }, { timeoutMs: 20_000, message: 'api brought back by the restart policy' });
    expect(portsOf(await expectServing(a.dir))).toEqual(portsA);

    await runExpecting(a.dir, ['down'], 0);
    await runExpecting(a.dir, ['up'], 0);
    expect(portsOf(await expectServing(a.dir))).toEqual(portsA);

    const daemon = await killDaemon(a.dir);
    const readopted = await expectServing(a.dir);
    expect(readopted.daemon.pid).not.toBe(daemon);
    expect(portsOf(readopted)).toEqual(portsA);
    await runExpecting(a.dir, ['restart', 'api'], 0);
    expect(portsOf(await expectServing(a.dir))).toEqual(portsA);

    // The other copy was never disturbed.
    expect(portsOf(await expectServing(b.dir))).toEqual(portsB);
  });

  it('a kept port another process took while the stack was down is moved, and up, events and status say so; the holder is left alone', async () => {
    const p = await project('auto-port-moved', { 'stack.yaml': STACK });
    await runExpecting(p.dir, ['up'], 0);
    const before = portsOf(await statusJson(p.dir));
    await runExpecting(p.dir, ['down'], 0);

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(before.db, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => squatter.close(() => resolve())));

    const up = await runExpecting(p.dir, ['up'], 0);
    const moved = new RegExp(`db\\s+port ${before.db} is held by pid ${process.pid} \\(.+\\); moved to (\\d+) \\(port: auto\\)`);
    expect(up.stdout, printed(up)).toMatch(moved);
    const to = Number(moved.exec(up.stdout)![1]);

    const status = await expectServing(p.dir);
    expect(portsOf(status)).toEqual({ db: to, api: before.api });
    expect(serviceIn(status, 'db').notes).toContainEqual(expect.stringMatching(new RegExp(`^port moved from ${before.db} \\(held by pid ${process.pid} .+\\) to ${to}$`)));
    const events = await runExpecting(p.dir, ['events', 'db'], 0);
    expect(events.stdout, printed(events)).toMatch(new RegExp(`db\\s+port ${before.db} is held by pid ${process.pid} .+; moved to ${to}`));
    expect(listenersOf(before.db)).toContain(process.pid);
    expect(isPidAlive(process.pid)).toBe(true);

    // Once a person stopped it, the move is no longer news; the new port is kept.
    await runExpecting(p.dir, ['down'], 0);
    const again = await runExpecting(p.dir, ['up'], 0);
    expect(again.stdout, printed(again)).not.toMatch(/moved to/);
    const after = await expectServing(p.dir);
    expect(portsOf(after)).toEqual({ db: to, api: before.api });
    expect(serviceIn(after, 'db').notes).toEqual([]);
  });

  it('up --dry-run says which kept port another process holds would move, with a daemon and without; nothing moves', async () => {
    const p = await project('auto-port-dry-run', { 'stack.yaml': STACK });
    await runExpecting(p.dir, ['up'], 0);
    const before = portsOf(await statusJson(p.dir));
    // db (and api, which depends on it) stop; the daemon stays.
    await runExpecting(p.dir, ['down', 'db'], 0);

    const squatter = net.createServer();
    await new Promise<void>((resolve) => squatter.listen(before.db, '127.0.0.1', resolve));
    onTestFinished(() => new Promise<void>((resolve) => squatter.close(() => resolve())));
    const wouldMove = new RegExp(`db\\s+port ${before.db} is held by pid ${process.pid} \\(.+\\); would move to a free port \\(port: auto\\)`);
    const kept = () => JSON.parse(readFileSync(p.path('.stack/ports.json'), 'utf8')).ports as Record<string, number>;

    const withDaemon = await runExpecting(p.dir, ['up', '--dry-run'], 0);
    expect(withDaemon.stdout, printed(withDaemon)).toMatch(wouldMove);
    expect(withDaemon.stdout).not.toMatch(/api\s+port/);
    expect(kept()).toEqual(before);

    await runExpecting(p.dir, ['down'], 0);
    const noDaemon = await runExpecting(p.dir, ['up', '--dry-run'], 0);
    expect(noDaemon.stdout, printed(noDaemon)).toMatch(wouldMove);
    expect(kept()).toEqual(before);
    expect((await statusJson(p.dir)).daemon.running, 'no daemon started by the dry run').toBe(false);
  });

  it('port: automatic is a config error with its position and a suggestion', async () => {
    const p = await project('auto-port-typo', { 'stack.yaml': 'services:\n  api:\n    command: node server.js\n    port: automatic\n' });
    const up = await runExpecting(p.dir, ['up'], 2);
    expect(up.stderr, printed(up)).toContain(
      `stack.yaml:4:11 services.api.port: expected a port number between 1 and 65535, or auto, got "automatic" (did you mean 'auto', which picks a free port once and keeps it?)`,
    );
  });
});
