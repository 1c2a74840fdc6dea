// `stack export compose|k8s` of the demo stack (the top-level stack.yaml): the compose file
// is accepted by the compose CLI's `config` and keeps ports, health checks and dependency
// conditions; the manifests are valid for Kubernetes' schemas; -o writes a file.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { REPO_ROOT } from '../helpers/cli.js';
import { printed, runExpecting, useProjects } from './support.js';

const project = useProjects();
const hasCompose = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
const NEEDS_COMPOSE = 'needs docker-compose (apt-get install docker-compose; .ci/run installs it)';

const require = createRequire(import.meta.url);
const KINDS: Record<string, new (data: unknown) => { validate(): void }> = {
  Deployment: require('kubernetes-models/apps/v1/Deployment').Deployment,
  Service: require('kubernetes-models/v1/Service').Service,
  Job: require('kubernetes-models/batch/v1/Job').Job,
};

/** What `docker-compose -f <file> config` makes of a compose file: its normalised form. */
function composeConfig(file: string, env: Record<string, string> = {}): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('docker-compose', ['-f', file, 'config'], { encoding: 'utf8', env: { ...process.env, ...env } });
}

describe('stack export', () => {
  it('compose: the demo stack is accepted by docker-compose config, with its ports, health checks and conditions', async () => {
    expect(hasCompose, NEEDS_COMPOSE).toBe(true);
    const p = await project('export-compose');
    const exported = await runExpecting(REPO_ROOT, ['export', 'compose', '-o', p.path('compose.yaml')], 0);
    expect(exported.stderr, printed(exported)).toMatch(/Wrote .*compose\.yaml: 4 services as a compose file\./);

    const checked = composeConfig(p.path('compose.yaml'));
    expect(checked.status, checked.stderr).toBe(0);
    const services = (parse(checked.stdout) as { services: Record<string, any> }).services;
    expect(Object.keys(services).sort()).toEqual(['api', 'db', 'web', 'worker']);
    expect(services.db.ports).toEqual([{ published: 7401, target: 7401 }]);
    expect(services.api.ports).toEqual([{ published: 7402, target: 7402 }]);
    expect(services.web.ports).toEqual([{ published: 7403, target: 7403 }]);
    expect(services.db.healthcheck.test).toEqual(['CMD-SHELL', "nc -z 127.0.0.1 7401 || bash -c '</dev/tcp/127.0.0.1/7401'"]);
    expect(services.api.healthcheck).toMatchObject({ interval: '2s', retries: 3, test: ['CMD-SHELL', expect.stringContaining('http://127.0.0.1:7402/health')] });
    expect(services.api.depends_on).toEqual({ db: { condition: 'service_healthy' } });
    expect(services.worker.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(services.web.depends_on).toEqual({ api: { condition: 'service_healthy' } });
    expect(services.worker.environment).toEqual({ API_URL: 'http://api:7402' });
  });

  it('k8s: the demo stack to stdout, every manifest valid for its kind', async () => {
    const exported = await runExpecting(REPO_ROOT, ['export', 'k8s'], 0);
    const docs = parseAllDocuments(exported.stdout)
      .map((d) => d.toJS() as { kind: string; metadata: { name: string } } | null)
      .filter((d) => d !== null);
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual(['Deployment/db', 'Service/db', 'Deployment/api', 'Service/api', 'Deployment/worker', 'Deployment/web', 'Service/web']);
    for (const doc of docs) new KINDS[doc.kind]!(doc).validate();
    expect(exported.stdout).toContain('until nc -z api 7402');
  });

  it('secrets stay out of both files, and x-image: names the image', async () => {
    const p = await project('export-secrets', {
      'stack.yaml': [
        'name: shop',
        'services:',
        '  api:',
        '    command: node server.js',
        '    port: 4000',
        '    x-image: ghcr.io/shop/api:1.2',
        '    env: { STRIPE_SECRET_KEY: sk_live_abcdef, DATABASE_URL: "postgres://app:pw1234@127.0.0.1:5432/shop" }',
      ].join('\n'),
    });
    const compose = await runExpecting(p.dir, ['export', 'compose'], 0);
    const k8s = await runExpecting(p.dir, ['export', 'k8s'], 0);
    for (const out of [compose.stdout, k8s.stdout]) {
      expect(out, printed(compose)).not.toContain('sk_live_abcdef');
      expect(out).not.toContain('pw1234');
      expect(out).toContain('image: ghcr.io/shop/api:1.2');
    }
    expect(compose.stdout).toContain('STRIPE_SECRET_KEY: "${STRIPE_SECRET_KEY:?STRIPE_SECRET_KEY is a secret: set it in the environment or .env}"');
    expect(k8s.stdout).toContain('kubectl create secret generic shop-secrets --from-literal=DATABASE_URL=… --from-literal=STRIPE_SECRET_KEY=…');
    expect(hasCompose, NEEDS_COMPOSE).toBe(true);
    await p.write('compose.yaml', compose.stdout);
    const checked = composeConfig(p.path('compose.yaml'), { STRIPE_SECRET_KEY: 'from-env', DATABASE_URL: 'postgres://x' });
    expect(checked.status, checked.stderr).toBe(0);
  });

  it.each<[string[], string]>([
    [['export', 'helm'], 'stack export has no format "helm".\nhint: use stack export compose or stack export k8s'],
    [['export', 'compsoe'], 'stack export has no format "compsoe" (did you mean compose?).'],
    [['export'], "missing required argument 'format'"],
  ])('stack %j is a usage error (exit 2)', async (args, message) => {
    const p = await project('export-usage', { 'stack.yaml': 'services: { a: { command: x } }\n' });
    const result = await runExpecting(p.dir, args, 2);
    expect(result.stderr, printed(result)).toContain(message);
  });

  it('a broken stack.yaml is reported as for every command (exit 2)', async () => {
    const p = await project('export-broken', { 'stack.yaml': 'services:\n  a:\n    comand: x\n' });
    const result = await runExpecting(p.dir, ['export', 'compose'], 2);
    expect(result.stderr, printed(result)).toContain("stack.yaml:3:5 services.a.comand: unknown key 'comand' (did you mean 'command'?)");
    expect(readFileSync(p.path('stack.yaml'), 'utf8')).toBe('services:\n  a:\n    comand: x\n');
  });
});
