// Servers that bound `localhost` and got the IPv6 loopback only (Node and Vite do on macOS
// and many Linux distros): stack must see them as healthy, show their pid and port, and
// not call them a port mismatch or a port held by nobody.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { freePorts } from '../helpers/free-port.js';
import { fixtureScript, httpService, stackYaml, tcpService } from '../helpers/fixtures.js';
import { hasIpv6Loopback, NEEDS_IPV6 } from '../helpers/ipv6.js';
import { waitFor } from '../helpers/procs.js';
import type { Finding } from '../../src/doctor/types.js';
import { printed, runExpecting, serviceIn, statusJson, useProjects } from './support.js';

const project = useProjects();
const byHand: ChildProcess[] = [];
afterEach(() => {
  for (const child of byHand.splice(0)) child.kill('SIGKILL');
});

/** GET http://[::1]:port/path, like `curl -6`. */
function getOnIpv6(port: number, path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '::1', port, path, timeout: 5000 }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => resolve(body.trim()));
    });
    req.on('timeout', () => req.destroy(new Error(`GET [::1]:${port}${path} timed out`)));
    req.on('error', reject);
  });
}

describe('servers on the IPv6 loopback only', () => {
  it('up makes them healthy with the default, [::1] and localhost probes; status shows the server pid and its port; doctor finds nothing', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const [ptcp, pdefault, pliteral, pnamed] = await freePorts(4);
    const p = await project('dual-stack-up');
    const onIpv6 = { listenHost: '::1' };
    await p.write(
      'stack.yaml',
      stackYaml({
        tcp: tcpService({ port: ptcp!, ...onIpv6 }),
        plain: httpService({ port: pdefault!, health: 'default', ...onIpv6 }),
        literal: httpService({ port: pliteral!, health: { http: 'http://[::1]:${PORT}/health', interval: '200ms' }, ...onIpv6 }),
        named: httpService({ port: pnamed!, health: { http: 'http://localhost:${PORT}/health', interval: '200ms' }, ...onIpv6 }),
      }),
    );

    const up = await runExpecting(p.dir, ['up', '--timeout', '20s'], 0);
    for (const name of ['tcp', 'plain', 'literal', 'named']) expect(printed(up)).toMatch(new RegExp(`${name}\\s+healthy in`));

    const status = await statusJson(p.dir);
    for (const [name, port] of [['plain', pdefault], ['literal', pliteral], ['named', pnamed]] as const) {
      const service = serviceIn(status, name);
      expect(service, name).toMatchObject({ state: 'running', health: 'healthy', managedBy: 'stack', port, listening: [port] });
      // The process that answers on the port, not a shell around it.
      expect(service.pid, name).toBe(Number(await getOnIpv6(port!, '/pid')));
    }
    expect(serviceIn(status, 'tcp')).toMatchObject({ health: 'healthy', listening: [ptcp], healthDetail: expect.stringMatching(/^connected to ::1 in /) });
    expect(serviceIn(status, 'plain').healthDetail).toMatch(/^connected to ::1 in /);

    const doctor = await runExpecting(p.dir, ['doctor', '--json'], 0);
    expect((JSON.parse(doctor.stdout) as { findings: Finding[] }).findings).toEqual([]);
  });

  it('a server started by hand on ::1 holds the port: status shows it as foreign with its pid, up refuses and names it', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const [port] = await freePorts(1);
    const p = await project('dual-stack-foreign');
    await p.write('stack.yaml', stackYaml({ web: httpService({ port: port!, health: 'default' }) }));
    const child = spawn(process.execPath, [fixtureScript('http-server')], {
      env: { ...process.env, PORT: String(port), LISTEN_HOST: '::1', NAME: 'by-hand' },
      stdio: 'ignore',
    });
    byHand.push(child);
    await waitFor(() => getOnIpv6(port!, '/health').then((body) => body === 'healthy'), { timeoutMs: 10_000, message: 'hand-started server answering on ::1' });

    expect(serviceIn(await statusJson(p.dir), 'web')).toMatchObject({ managedBy: 'foreign', pid: child.pid, state: 'running', listening: [port] });

    const up = await runExpecting(p.dir, ['up'], 1);
    expect(printed(up)).toMatch(new RegExp(`port ${port} is already in use by pid ${child.pid} \\(.*http-server\\.js`));
    expect(await getOnIpv6(port!, '/health'), 'stack left the foreign server alone').toBe('healthy');
  });

  it('stack config shows the default probe on localhost (either loopback) and an IPv6 target in brackets, as stack.yaml takes it', async () => {
    const p = await project('dual-stack-config');
    await p.write('stack.yaml', stackYaml({ plain: httpService({ port: 4000, health: 'default' }), six: httpService({ port: 4001, health: { tcp: '[::1]:4001' } }) }));
    const config = await runExpecting(p.dir, ['config'], 0);
    expect(config.stdout).toMatch(/^\s+tcp: localhost:4000$/m);
    expect(config.stdout).toMatch(/^\s+tcp: "\[::1\]:4001"$/m);
  });

  it('a service whose port nothing listens on says that both loopbacks refused', async () => {
    const [declared, actual] = await freePorts(2);
    const p = await project('dual-stack-refused');
    await p.write(
      'stack.yaml',
      stackYaml({ api: { ...httpService({ port: declared!, health: { tcp: declared!, interval: '100ms', retries: 1, start_period: '0s' }, listenPort: actual! }), restart: 'no' } }),
    );
    const up = await runExpecting(p.dir, ['up', '--timeout', '20s'], 1);
    expect(printed(up)).toMatch(/connection refused on 127\.0\.0\.1 and ::1/);
  });

  it('a health check on 127.0.0.1 of a server on ::1 only: its health detail says the port is open on ::1, and to probe localhost', async ({ skip }) => {
    skip(!hasIpv6Loopback, NEEDS_IPV6);
    const [port] = await freePorts(1);
    const p = await project('dual-stack-literal-v4');
    // Every check counts (no start period) and it is not given up on soon: the detail is
    // read once the server listens, however long its start takes here.
    const health = { http: 'http://127.0.0.1:${PORT}/health', interval: '200ms', retries: 100, start_period: '0s' };
    await p.write('stack.yaml', stackYaml({ api: httpService({ port: port!, health, listenHost: '::1' }) }));
    await runExpecting(p.dir, ['up', '--no-wait'], 0);
    const api = await waitFor(
      async () => {
        const s = serviceIn(await statusJson(p.dir), 'api');
        return s.listening.includes(port!) && /is open on/.test(s.healthDetail ?? '') ? s : undefined;
      },
      { timeoutMs: 20_000, message: 'api listening on ::1, its health detail explaining the refusal' },
    );
    expect(api.healthDetail).toBe(`connection refused; port ${port} is open on ::1 only, which a connection to 127.0.0.1 does not reach: use localhost in the health check (it tries 127.0.0.1 and ::1)`);
    // Still starting: doctor warns (exit 0), and never calls it healthy.
    const doctor = await runExpecting(p.dir, ['doctor', '--json'], 0);
    expect((JSON.parse(doctor.stdout) as { findings: Finding[] }).findings, printed(doctor)).toEqual([
      expect.objectContaining({ check: 'service-unhealthy', severity: 'warning', service: 'api', message: expect.stringMatching(/^api is not ready yet: starting for .*; its health check says: connection refused; port \d+ is open on ::1 only/) }),
    ]);
  });
});
