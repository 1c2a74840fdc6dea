// `stack status --watch` without a terminal: a new table only when the stack changed.
import { describe, expect, it } from 'vitest';
import { outputOf, startStack, stopStack, waitForOutput, type StackSubprocess } from '../helpers/cli.js';
import { freePorts } from '../helpers/free-port.js';
import { httpService, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { pidsOf, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();

/** The tables printed so far, each as its rows without the columns that move by themselves (UPTIME, CPU, MEM). */
function tables(watch: StackSubprocess): string[] {
  return outputOf(watch)
    .stdout.split(/^— \d\d:\d\d:\d\d\n/m)
    .filter((t) => t.trim() !== '')
    .map((table) =>
      table
        .trimEnd()
        .split('\n')
        .map((line) => {
          const cells = line.split(/ {2,}/);
          return cells.length >= 9 ? [...cells.slice(0, 5), cells[6], ...cells.slice(9)].join(' | ') : line;
        })
        .join('\n'),
    );
}

/** The row of `service` in a table (as tables() gives it). */
const rowOf = (table: string, service: string): string => table.split('\n').find((l) => l.startsWith(`${service} |`)) ?? '';

describe('stack status --watch', () => {
  it('prints a new table when a service is killed and restarted, and none while nothing changes', async () => {
    const [pdb, papi] = await freePorts(2);
    const p = await project('watch');
    await p.write('stack.yaml', stackYaml({ db: httpService({ port: pdb!, argv: true }), api: { ...httpService({ port: papi!, argv: true }), depends_on: ['db'] } }));
    await runExpecting(p.dir, ['up'], 0);
    const { api: pid } = pidsOf(await statusJson(p.dir));
    // Refreshing ten times a second: a copy per refresh would show at once.
    const watch = startStack(p.dir, ['status', '--watch', '--interval', '100ms']);
    try {
      await waitForOutput(watch, new RegExp(`^api +running +healthy +${pid} `, 'm'));
      process.kill(pid!, 'SIGKILL');
      const restarted = await waitFor(
        () => tables(watch).find((t) => /^api \| running \| healthy \| \d+ \| \d+ \| 1( |$)/m.test(t) && !rowOf(t, 'api').includes(` ${pid} `)),
        { timeoutMs: 15_000, message: 'a table with api restarted' },
      );
      expect(rowOf(restarted, 'api')).toContain('last killed by SIGKILL');
      // Nothing changes from here on: while the table is refreshed many times (its uptime
      // passes 1s: ten refreshes), no copy of it may be printed again.
      const settled = tables(watch).length;
      await waitFor(async () => Date.now() - Date.parse(serviceIn(await statusJson(p.dir), 'api').startedAt!) > 1500, { timeoutMs: 15_000, message: 'api up for 1.5s' });
      const printedTables = tables(watch);
      expect(printedTables.length).toBe(settled);
      expect(printedTables.length).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < printedTables.length; i++) expect(printedTables[i], `table ${i} repeats table ${i - 1}`).not.toBe(printedTables[i - 1]);
    } finally {
      const stopped = await stopStack(watch);
      expect(stopped.code).toBe(0);
    }
  });

  it('hears of a change from the daemon, not from its own refresh', async () => {
    const [port] = await freePorts(1);
    const p = await project('watch-push');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const { api: pid } = pidsOf(await statusJson(p.dir));
    // It refreshes once an hour by itself: only the daemon's notice can bring the next table.
    const watch = startStack(p.dir, ['status', '--watch', '--interval', '1h']);
    try {
      await waitForOutput(watch, new RegExp(`^api +running +healthy +${pid} `, 'm'));
      await runExpecting(p.dir, ['restart', 'api'], 0);
      const { api: next } = pidsOf(await statusJson(p.dir));
      await waitForOutput(watch, new RegExp(`^api +running +healthy +${next} `, 'm'), { timeoutMs: 15_000 });
    } finally {
      await stopStack(watch);
    }
  });

  it('says the stack is not running after stack down, and comes back after stack up; Ctrl-C exits 0', async () => {
    const [port] = await freePorts(1);
    const p = await project('watch-restart');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    await runExpecting(p.dir, ['up'], 0);
    const watch = startStack(p.dir, ['status', '--watch', '--interval', '200ms']);
    try {
      const first = await waitForOutput(watch, /daemon pid (\d+)\)/);
      await runExpecting(p.dir, ['down'], 0);
      await waitForOutput(watch, /stack is not running: no daemon answers/);
      await runExpecting(p.dir, ['up'], 0);
      await waitFor(
        () => {
          const after = outputOf(watch).stdout.split('stack is not running').at(-1)!;
          const daemon = /daemon pid (\d+)\)/.exec(after);
          return daemon && daemon[1] !== first[1] && /^api +running +healthy /m.test(after);
        },
        { timeoutMs: 15_000, message: 'a table from the new daemon with api healthy' },
      );
    } finally {
      const stopped = await stopStack(watch);
      expect(stopped.code, stopped.stderr).toBe(0);
      expect(stopped.stderr).toBe('');
    }
  });
});
