// `stack ui`'s address and the dashboard's refusals, checked with plain HTTP the way curl
// or a hostile web page would send them: the token, the Host (DNS rebinding), the Origin
// of anything that changes something, the headers, and secrets in what it shows.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { chattyService, stackYaml } from '../helpers/fixtures.js';
import { freePorts } from '../helpers/free-port.js';
import { waitFor } from '../helpers/procs.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';
import { cookieFor, openUi, request, tokenOf } from './ui-support.js';

const project = useProjects();

async function chattyStack(env: Record<string, string> = {}) {
  const [port] = await freePorts(1);
  const talk = chattyService({ port: port!, lines: 3 });
  const p = await project('ui-sec', { 'stack.yaml': stackYaml({ talk: { ...talk, env: { ...talk.env, ...env } } }) });
  await runExpecting(p.dir, ['up'], 0);
  return { p, port: port! };
}

/** The local address of the socket listening on `port`, from /proc/net/tcp (Linux). */
function listenAddresses(port: number): string[] {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  const found: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && f[1]?.endsWith(`:${hex}`)) found.push(`${table.endsWith('6') ? 'tcp6' : 'tcp'} ${f[1]}`);
    }
  }
  return found;
}

describe('stack ui', () => {
  it('prints a loopback URL with a token, keeps the token 0600, and prints the same URL again', async () => {
    const { p } = await chattyStack();
    const first = await runExpecting(p.dir, ['ui', '--no-open'], 0);
    const url = first.stdout.trim();
    expect(url, printed(first)).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{40,}$/);
    const again = await runExpecting(p.dir, ['ui', '--no-open'], 0);
    expect(again.stdout.trim()).toBe(url);
    const ui = await openUi(p.dir);
    expect(ui).toMatchObject({ url, started: false, pid: (await statusJson(p.dir)).daemon.pid });
    // Listening on 127.0.0.1 only (0100007F), not on every address.
    expect(listenAddresses(ui.port)).toEqual([`tcp 0100007F:${ui.port.toString(16).toUpperCase().padStart(4, '0')}`]);
    const file = p.path('.stack/ui.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ port: ui.port, token: tokenOf(ui) });

    // It lives as long as the daemon: `stack down` ends both, and the token with them.
    await runExpecting(p.dir, ['down'], 0);
    expect(existsSync(file)).toBe(false);
    await expect(request(ui.port, 'GET', '/')).rejects.toThrow(/ECONNREFUSED/);
  });

  it('with nothing running, starts a daemon that lists stack.yaml’s services as stopped, and up from the page starts them', async () => {
    const [port] = await freePorts(1);
    const p = await project('ui-fresh', { 'stack.yaml': stackYaml({ talk: chattyService({ port: port!, lines: 1 }) }) });
    const ui = await openUi(p.dir);
    expect(ui.started).toBe(true);
    const cookie = { cookie: cookieFor(ui) };
    const view = JSON.parse((await request(ui.port, 'GET', '/api/status', cookie)).body);
    expect(view.status.services).toMatchObject([{ name: 'talk', state: 'stopped', pid: null, notes: [] }]);
    const up = await request(ui.port, 'POST', '/api/action', { ...cookie, origin: `http://127.0.0.1:${ui.port}`, 'content-type': 'application/json' }, '{"action":"up"}');
    expect(JSON.parse(up.body)).toEqual({ ok: true, failures: [] });
    expect(serviceIn(await statusJson(p.dir), 'talk')).toMatchObject({ state: 'running', health: 'healthy' });
  });

  it('with a broken stack.yaml and no daemon, reports the config error like every command', async () => {
    const p = await project('ui-broken', { 'stack.yaml': 'services:\n  db:\n    comand: x\n' });
    const broken = await runExpecting(p.dir, ['ui', '--no-open'], 2);
    expect(broken.stderr).toContain("stack.yaml:3:5 services.db.comand: unknown key 'comand' (did you mean 'command'?)");
    expect(existsSync(p.path('.stack/daemon.sock'))).toBe(false);
  });

  it('--port serves there; a busy port is an error that says so', async () => {
    const { p } = await chattyStack();
    const [wanted] = await freePorts(1);
    const ui = await runExpecting(p.dir, ['ui', '--no-open', '--port', String(wanted)], 0);
    expect(ui.stdout).toContain(`http://127.0.0.1:${wanted}/?token=`);
    const bad = await runExpecting(p.dir, ['ui', '--no-open', '--port', '70000'], 2);
    expect(bad.stderr).toMatch(/port number from 1 to 65535/);

    const other = await chattyStack();
    const busy = await runExpecting(other.p.dir, ['ui', '--no-open', '--port', String(wanted)], 1);
    expect(busy.stderr, printed(busy)).toContain(`Port ${wanted} on 127.0.0.1 is already in use`);
    expect(busy.stderr, printed(busy)).toContain('stack ui --port N');
    expect(busy.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('the dashboard refuses', () => {
  it('401 without the token, 403 for another Host, and trades ?token= for an HttpOnly SameSite=Strict cookie', async () => {
    const { p } = await chattyStack();
    const ui = await openUi(p.dir);
    for (const path of ['/', '/api/status', '/api/stream', '/app.js']) {
      expect((await request(ui.port, 'GET', path)).status, path).toBe(401);
    }
    expect((await request(ui.port, 'GET', '/?token=not-the-token')).status).toBe(401);
    expect((await request(ui.port, 'GET', '/', { cookie: `stack-ui-${ui.port}=not-the-token` })).status).toBe(401);

    // DNS rebinding: a name of the attacker's resolving to 127.0.0.1; refused even with the token.
    for (const host of ['evil.example', `evil.example:${ui.port}`, `localhost:${ui.port}`, '127.0.0.1']) {
      const refused = await request(ui.port, 'GET', `/?token=${tokenOf(ui)}`, { host, cookie: cookieFor(ui) });
      expect(refused.status, host).toBe(403);
      expect(refused.headers['set-cookie'], host).toBeUndefined();
    }

    const login = await request(ui.port, 'GET', `/?token=${tokenOf(ui)}`);
    expect(login.status).toBe(303);
    expect(login.headers.location).toBe('/');
    const cookie = login.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toMatch(new RegExp(`^stack-ui-${ui.port}=${tokenOf(ui)};`));
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');

    const page = await request(ui.port, 'GET', '/', { cookie: cookieFor(ui) });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.body).toContain('<script type="module" src="/app.js"></script>');
  });

  it('403 for a state-changing request from another Origin, or none; the page’s own Origin is obeyed', async () => {
    const { p } = await chattyStack();
    const ui = await openUi(p.dir);
    const stop = JSON.stringify({ action: 'stop', service: 'talk' });
    const json = { cookie: cookieFor(ui), 'content-type': 'application/json' };
    for (const origin of ['http://evil.example', `http://localhost:${ui.port}`, 'null', undefined]) {
      const headers: Record<string, string> = origin === undefined ? json : { ...json, origin };
      const refused = await request(ui.port, 'POST', '/api/action', headers, stop);
      expect(refused.status, String(origin)).toBe(403);
    }
    expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('running');

    const obeyed = await request(ui.port, 'POST', '/api/action', { ...json, origin: `http://127.0.0.1:${ui.port}` }, stop);
    expect(obeyed.status, obeyed.body).toBe(200);
    expect(JSON.parse(obeyed.body)).toMatchObject({ ok: true });
    expect(serviceIn(await statusJson(p.dir), 'talk').state).toBe('stopped');

    const unknown = await request(ui.port, 'POST', '/api/action', { ...json, origin: `http://127.0.0.1:${ui.port}` }, JSON.stringify({ action: 'stop', service: 'nope' }));
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body).error).toBe('unknown service: nope');
  });

  it('sends a strict Content-Security-Policy and no CORS headers, on answers and refusals alike', async () => {
    const { p } = await chattyStack();
    const ui = await openUi(p.dir);
    const answers = [
      await request(ui.port, 'GET', '/', { cookie: cookieFor(ui) }),
      await request(ui.port, 'GET', '/api/status', { cookie: cookieFor(ui), origin: 'http://evil.example' }),
      await request(ui.port, 'OPTIONS', '/api/action', { origin: 'http://evil.example', 'access-control-request-method': 'POST' }),
      await request(ui.port, 'GET', '/'),
    ];
    for (const answer of answers) {
      const csp = String(answer.headers['content-security-policy']);
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).toContain("frame-ancestors 'none'");
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
    }
  });

  it('masks secrets in the status, the events and the log lines it shows', async () => {
    const secret = 'hunter2-very-secret';
    const { p, port } = await chattyStack({ API_TOKEN: secret });
    const ui = await openUi(p.dir);
    await fetch(`http://127.0.0.1:${port}/say?text=${encodeURIComponent(`connecting with token ${secret}`)}`);
    const cookie = { cookie: cookieFor(ui) };
    const logs = await waitFor(
      async () => {
        const page = await request(ui.port, 'GET', '/api/logs?service=talk', cookie);
        return page.body.includes('connecting with token') ? page.body : null;
      },
      { timeoutMs: 10_000, message: 'the said line in the log history' },
    );
    expect(logs).not.toContain(secret);
    expect(logs).toContain('connecting with token ••••••');
    for (const path of ['/api/status', '/api/events', '/api/doctor']) {
      expect((await request(ui.port, 'GET', path, cookie)).body, path).not.toContain(secret);
    }
  });
});
