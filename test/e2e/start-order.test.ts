// The start order (DESIGN §8, "Start order"): once the daemon knows how long each service
// takes to boot, a service with slack waits while the critical ones start, says so, and
// still comes up; `up` keeps dependency order, and the boot times outlive the daemon.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { lineIndex, printed, runExpecting, serviceIn, serviceWhen, statesOf, statusJson, useProjects } from './support.js';

const project = useProjects();
const plain = (text: string): string => text.replace(/\x1b\[[0-9;]*m/g, '');
const HELD = /docs +held back: db \(critical path\) starts first: this one has \S+ to spare/;

/** A chain db → api that takes a while, and docs on its own, quick. */
async function chainAndSide(name: string) {
  const [db, api, docs] = await freePorts(3);
  const p = await project(name);
  await p.write(
    'stack.yaml',
    stackYaml({
      db: httpService({ port: db!, bootMs: 600, argv: true, health: 'tcp' }),
      api: { ...httpService({ port: api!, bootMs: 600, argv: true, health: 'tcp' }), depends_on: ['db'] },
      docs: httpService({ port: docs!, argv: true, health: 'tcp' }),
    }),
  );
  return p;
}

describe('start order', () => {
  it('the first up starts everything at once; later ones hold docs back for db, and everything comes up in dependency order', async () => {
    const p = await chainAndSide('order-held');
    const first = await runExpecting(p.dir, ['up'], 0);
    expect(plain(first.stdout), printed(first)).not.toMatch(/held back/);

    await runExpecting(p.dir, ['down', 'db', 'api', 'docs'], 0);
    const again = await runExpecting(p.dir, ['up'], 0);
    const out = plain(again.stdout);
    expect(out, printed(again)).toMatch(HELD);
    expect(out, printed(again)).toMatch(/at the latest in \S+/);
    expect(lineIndex(out, /api +starting/), printed(again)).toBeGreaterThan(lineIndex(out, /db +healthy/));
    expect(statesOf(await statusJson(p.dir))).toEqual({ db: 'running', api: 'running', docs: 'running' });
  });

  it('the boot times outlive the daemon: after a full down, the next up holds docs back too', async () => {
    const p = await chainAndSide('order-kept');
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down'], 0);
    const again = await runExpecting(p.dir, ['up'], 0);
    expect(plain(again.stdout), printed(again)).toMatch(HELD);
  });

  it('up --no-wait answers at once with docs held back, and docs still starts', async () => {
    const p = await chainAndSide('order-no-wait');
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down', 'db', 'api', 'docs'], 0);
    const quick = await runExpecting(p.dir, ['up', '--no-wait'], 0);
    expect(plain(quick.stdout), printed(quick)).toMatch(/starting in the background/);
    await serviceWhen(p.dir, 'docs', 'docs running', (s) => s.state === 'running');
    await serviceWhen(p.dir, 'api', 'api running', (s) => s.state === 'running');
  });

  it('up of one service with its dependencies holds nothing back that it does not start', async () => {
    const p = await chainAndSide('order-one');
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down', 'db', 'api', 'docs'], 0);
    const api = await runExpecting(p.dir, ['up', 'api'], 0);
    expect(plain(api.stdout), printed(api)).not.toMatch(/held back/);
    expect(statesOf(await statusJson(p.dir))).toEqual({ db: 'running', api: 'running', docs: 'stopped' });
  });

  it('status says, while it lasts, which service is held back for which', async () => {
    const [db, api, docs] = await freePorts(3);
    const p = await project('order-status');
    // db builds for 1.5 s first: while it builds it is busy starting whatever CPU share it
    // gets on a busy machine, so the hold lasts (up to half docs' slack) long enough to see.
    await p.write(
      'stack.yaml',
      stackYaml({
        db: { ...httpService({ port: db!, argv: true, health: 'tcp' }), build: 'sleep 1.5' },
        api: { ...httpService({ port: api!, bootMs: 600, argv: true, health: 'tcp' }), depends_on: ['db'] },
        docs: httpService({ port: docs!, argv: true, health: 'tcp' }),
      }),
    );
    // The first up teaches the daemon the boot times; the second holds docs back.
    await runExpecting(p.dir, ['up'], 0);
    await runExpecting(p.dir, ['down', 'db', 'api', 'docs'], 0);
    await runExpecting(p.dir, ['up', '--no-wait'], 0);
    const held = await serviceWhen(p.dir, 'docs', 'docs to be shown held back', (s) => s.notes.some((n) => n.startsWith('held back')), 10_000);
    expect(held.notes.find((n) => n.startsWith('held back'))).toMatch(/^held back while db \(critical path\) starts; starts by \d\d:\d\d:\d\d$/);
    expect(held.state).toBe('pending');
    const table = await runExpecting(p.dir, ['status'], 0);
    if (serviceIn(await statusJson(p.dir), 'docs').state === 'pending') expect(plain(table.stdout), printed(table)).toMatch(/docs .*held back while db/);
    const up = await serviceWhen(p.dir, 'docs', 'docs running, the note gone', (s) => s.state === 'running' && !s.notes.some((n) => n.startsWith('held back')));
    expect(up.notes).not.toContainEqual(expect.stringMatching(/^held back/));
  });
});
