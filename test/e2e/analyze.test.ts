// `stack analyze`: the critical chain of the last up, read from the timeline after the fact.
import { describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { crashService, httpService, stackYaml, tcpService } from '../helpers/fixtures.js';
import { printed, runExpecting, useProjects } from './support.js';
import type { Analysis } from '../../src/analyze/read.js';

const project = useProjects();

/** "✔ 3 services ready in 1.2s" → 1200, and how far the printed figure may be from the exact one. */
function printedTotal(stdout: string): { ms: number; rounding: number } {
  const match = /ready in (\d+(?:\.\d+)?)(ms|s)\b/.exec(stdout);
  if (!match) throw new Error(`up printed no total:\n${stdout}`);
  const value = Number(match[1]);
  if (match[2] === 'ms') return { ms: value, rounding: 0.5 };
  return { ms: value * 1000, rounding: match[1]!.includes('.') ? 50 : 500 };
}

const parts = (s: Analysis['services'][number]): number => (s.waitingMs ?? 0) + (s.buildMs ?? 0) + (s.spawnMs ?? 0) + (s.listenMs ?? 0) + (s.readyMs ?? 0);

describe('stack analyze', () => {
  it('shows db → api → web with parts that add up to the total up printed, also with the daemon stopped', async () => {
    const [pdb, papi, pweb, pcache] = await freePorts(4);
    const p = await project('analyze');
    // Each listens a while after its spawn and answers 503 a while after that: every part is non-trivial.
    await p.write(
      'stack.yaml',
      stackYaml(
        {
          db: httpService({ port: pdb!, name: 'db', argv: true, bootMs: 150, readyMs: 250 }),
          api: { ...httpService({ port: papi!, name: 'api', argv: true, bootMs: 100, readyMs: 150 }), depends_on: ['db'] },
          web: { ...httpService({ port: pweb!, name: 'web', argv: true, bootMs: 50, readyMs: 100 }), depends_on: ['api'] },
          cache: tcpService({ port: pcache! }),
        },
        { name: 'shop' },
      ),
    );
    const up = await runExpecting(p.dir, ['up'], 0);
    const total = printedTotal(up.stdout);

    const result = await runExpecting(p.dir, ['analyze', '--json'], 0);
    const a = JSON.parse(result.stdout) as Analysis;
    expect(a.critical, printed(result)).toEqual(['db', 'api', 'web']);
    expect(a).toMatchObject({ ok: true, problem: null, up: { project: 'shop', laterNoOps: 0 } });
    expect(new Set(a.up!.services)).toEqual(new Set(['db', 'api', 'web', 'cache']));
    // The chain's shares, and what came after it, are the total; the total is the one up printed.
    const shares = a.critical.map((name) => a.services.find((s) => s.name === name)!.addsMs!);
    expect(shares.reduce((x, y) => x + y)).toBe(a.chainMs);
    expect(a.chainMs! + a.finishingMs!).toBe(a.up!.elapsedMs);
    expect(Math.abs(a.up!.elapsedMs! - total.ms)).toBeLessThanOrEqual(total.rounding);
    for (const s of a.services) {
      expect(s.outcome, s.name).toBe('ready');
      expect(parts(s), s.name).toBe(s.readyAtMs);
      expect(s.critical, s.name).toBe(s.name !== 'cache');
      expect(s.error).toBeNull();
      expect(typeof s.pid).toBe('number');
    }
    for (const name of ['db', 'api', 'web']) {
      const s = a.services.find((x) => x.name === name)!;
      // An http check connects before it passes: listening and ready are two moments.
      expect(s.listenMs, name).toBeGreaterThan(0);
      expect(s.readyMs, name).toBeGreaterThan(0);
      expect(s.port).toBe({ db: pdb, api: papi, web: pweb }[name]);
    }
    expect(a.services.find((s) => s.name === 'api')).toMatchObject({ waitedFor: 'db', dependsOn: { db: 'healthy' } });
    expect(a.services.find((s) => s.name === 'web')).toMatchObject({ waitedFor: 'api' });

    const text = await runExpecting(p.dir, ['analyze'], 0);
    const headline = /ready in \S+/.exec(up.stdout)![0];
    expect(text.stdout, printed(text)).toContain(`shop: the last up (`);
    expect(text.stdout).toContain(`4 services ready in ${headline.slice('ready in '.length)}`);
    expect(text.stdout).toContain('critical chain: db → api → web');
    expect(text.stdout).toMatch(/^▶ web {2}@\d+\.\d\ds {2}\+\d+\.\d\ds {2}waited \d+\.\d\ds for api · spawn \d+\.\d\ds · listening after \d+\.\d\ds · ready after \d+\.\d\ds$/m);
    expect(text.stdout).toMatch(/^└─▶ api {2}@/m);
    expect(text.stdout).toMatch(/^ {2}└─▶ db {2}@/m);
    expect(text.stdout).toMatch(/^off the chain:\n {2}✔ cache {2}@/m);
    expect(text.stdout).toMatch(/^total \d+\.\d\ds = db \d+\.\d\ds \+ api \d+\.\d\ds \+ web \d+\.\d\ds \+ \d+\.\d\ds finishing/m);

    // After the fact: the daemon is gone, the timeline is not.
    await runExpecting(p.dir, ['down'], 0);
    const after = JSON.parse((await runExpecting(p.dir, ['analyze', '--json'], 0)).stdout) as Analysis;
    expect(after).toEqual(a);
  });

  it('shows where a failed up stopped, and exits 1', async () => {
    const [pdb, papi, pweb] = await freePorts(3);
    const p = await project('analyze-failed');
    await p.write(
      'stack.yaml',
      stackYaml({
        db: httpService({ port: pdb!, argv: true }),
        api: { ...crashService({ module: 'express', port: papi!, restart: 'no' }), depends_on: ['db'] },
        web: { ...httpService({ port: pweb!, argv: true }), depends_on: ['api'] },
      }),
    );
    await runExpecting(p.dir, ['up'], 1);
    const json = await runExpecting(p.dir, ['analyze', '--json'], 1);
    const a = JSON.parse(json.stdout) as Analysis;
    expect(a.ok).toBe(false);
    expect(a.problem, printed(json)).toMatch(/^The last up \(began at \d\d:\d\d:\d\d\) failed after \S+: api failed; 1 service depending on it did not start\.$/);
    expect(a.critical).toEqual(['db', 'api']);
    const byName = Object.fromEntries(a.services.map((s) => [s.name, s]));
    expect(byName.db).toMatchObject({ outcome: 'ready', error: null });
    expect(byName.api).toMatchObject({ outcome: 'failed', error: expect.stringContaining("Cannot find module 'express'") });
    expect(byName.web).toMatchObject({ outcome: 'blocked', error: 'not started: its dependency api failed' });

    const text = await runExpecting(p.dir, ['analyze'], 1);
    expect(text.stdout, printed(text)).toContain('api failed; 1 service depending on it did not start');
    expect(text.stdout).toMatch(/✖ api {2}failed @\d+\.\d\ds/);
    expect(text.stdout).toMatch(/stopped here: exited with code 1 .*Cannot find module 'express'/);
    expect(text.stdout).toContain('⊘ web  not started: its dependency api failed');
  });

  it('says so when there has been no up yet', async () => {
    const [port] = await freePorts(1);
    const p = await project('analyze-none');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    const text = await runExpecting(p.dir, ['analyze'], 1);
    expect(text.stderr, printed(text)).toContain("No `stack up` in this project's timeline yet (.stack/events.jsonl): nothing to analyse.");
    expect(text.stderr).toContain('run stack up');
    const json = JSON.parse((await runExpecting(p.dir, ['analyze', '--json'], 1)).stdout) as Analysis;
    expect(json).toMatchObject({ ok: false, up: null, critical: [], services: [] });
  });
});
