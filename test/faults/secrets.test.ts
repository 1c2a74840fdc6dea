// Secrets never reach what stack prints about a stack: a service that crashes quoting its
// token, or a foreign process started with --db-password=…, must not leak that value
// through `up`'s error, `status --json`, `events` or `doctor`. (`stack logs` shows the
// service's own output as written, by design: it is the proof the secret was printed.)
import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { MASK } from '../../src/config/secrets.js';
import { freePorts } from '../helpers/free-port.js';
import { crashService, fixtureScript, httpService, stackYaml } from '../helpers/fixtures.js';
import { waitFor } from '../helpers/procs.js';
import { httpGet, printed, runExpecting, serviceIn, statusJson, useProjects } from '../e2e/support.js';

const project = useProjects();
const strangers: ChildProcess[] = [];
afterEach(() => {
  for (const child of strangers.splice(0)) child.kill('SIGKILL');
});

const TOKEN = 'tok-e2e-7f3a91c2';
const URL_PASSWORD = 'pw-in-url-5521';

describe('secrets are masked in status, events, errors and doctor', () => {
  it('a crash that quotes its token shows the token in logs only', async () => {
    const p = await project('secret-crash');
    const crash = crashService({ message: `Error: auth rejected: token ${TOKEN} is expired (db postgres://app:${URL_PASSWORD}@127.0.0.1/x)`, restart: 'no' });
    await p.write(
      'stack.yaml',
      stackYaml({ leaky: { ...crash, env: { ...crash.env, API_TOKEN: TOKEN, DATABASE_URL: `postgres://app:${URL_PASSWORD}@127.0.0.1/x` } } }),
    );

    const up = await runExpecting(p.dir, ['up'], 1);
    const status = await runExpecting(p.dir, ['status', '--json'], 0);
    const events = await runExpecting(p.dir, ['events', '--json'], 0);
    const doctor = await runExpecting(p.dir, ['doctor', '--json'], 1);
    const logs = await runExpecting(p.dir, ['logs', 'leaky'], 0);

    expect(logs.stdout, 'the service really printed its secrets').toContain(TOKEN);
    for (const [what, result] of [['up', up], ['status --json', status], ['events --json', events], ['doctor --json', doctor]] as const) {
      const text = printed(result);
      expect(text, `${what} leaks the token`).not.toContain(TOKEN);
      expect(text, `${what} leaks the URL password`).not.toContain(URL_PASSWORD);
    }
    // Masked, not dropped: the sentence is still there to read.
    expect(up.stderr).toContain(`token ${MASK} is expired`);
    expect(serviceIn(JSON.parse(status.stdout), 'leaky').lastExit?.reason).toContain(MASK);
  });

  it("a foreign process's command line is masked in status", async () => {
    const [port] = await freePorts(1);
    const p = await project('secret-foreign');
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, argv: true }) }));
    const byHand = spawn(process.execPath, [fixtureScript('http-server'), `--db-password=${TOKEN}`], {
      env: { ...process.env, PORT: String(port) },
      stdio: 'ignore',
    });
    strangers.push(byHand);
    await waitFor(() => httpGet(port!, '/health').then((r) => r.status === 200), { timeoutMs: 10_000, message: 'hand-started server answering' });

    const api = serviceIn(await statusJson(p.dir), 'api');
    expect(api.managedBy).toBe('foreign');
    expect(api.foreign?.command).toContain(`--db-password=${MASK}`);
    expect(JSON.stringify(api)).not.toContain(TOKEN);
  });
});
