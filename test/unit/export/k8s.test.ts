// `stack export k8s`: Deployments, Services and Jobs with probes, init containers that wait,
// secrets by reference; every manifest is checked against Kubernetes' own schemas (the
// validators kubernetes-models generates from the Kubernetes 1.27 OpenAPI spec).
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { k8sName } from '../../../src/export/k8s.js';
import { WITH_OUTSIDE_DB, k8sOf, yaml, type Manifest } from './helpers.js';

const require = createRequire(import.meta.url);
type Model = new (data: unknown) => { validate(): void };
const KINDS: Record<string, Model> = {
  Deployment: require('kubernetes-models/apps/v1/Deployment').Deployment,
  Service: require('kubernetes-models/v1/Service').Service,
  Job: require('kubernetes-models/batch/v1/Job').Job,
};

/** Throws with the schema's words when a manifest is not valid for its kind. */
export function validateManifests(docs: readonly Manifest[]): void {
  for (const doc of docs) {
    const model = KINDS[doc.kind];
    if (!model) throw new Error(`unexpected kind ${doc.kind}`);
    new model(doc).validate();
  }
}

const stack = yaml`
  name: Shop_App
  services:
    db:
      command: node db.js
      port: 5433
      x-image: postgres:16
      stop_timeout: 30s
    migrate:
      command: node migrate.js
      depends_on: { db: healthy }
      restart: "no"
    api_v2:
      command: node api.js && echo done
      cwd: .
      port: 4000
      env: { DB_ADDR: "127.0.0.1:\${db.port}", API_TOKEN: s3cr3t-token }
      health: { http: "https://localhost:\${PORT}/health?deep=1", interval: 1500ms, timeout: 2s, retries: 4, start_period: 20s }
      depends_on: { db: healthy, migrate: completed, worker: started }
      stop_signal: SIGINT
    worker:
      command: [node, worker.js]
      health: { exec: "test -f /tmp/ready" }
      restart: "no"
      memory_limit: 300MB
    tail:
      command: node tail.js
      health: { log: "ready" }
`;

describe('exportK8s', () => {
  const { text, docs } = k8sOf(stack);
  const find = (kind: string, name: string) => {
    const doc = docs.find((d) => d.kind === kind && d.metadata.name === name);
    if (!doc) throw new Error(`no ${kind} ${name} in:\n${text}`);
    return doc;
  };
  const container = (kind: string, name: string) => find(kind, name).spec.template.spec.containers[0];

  it('every manifest is valid for its kind', () => {
    expect(docs.map((d) => `${d.kind}/${d.metadata.name}`)).toEqual([
      'Deployment/db',
      'Service/db',
      'Job/migrate',
      'Deployment/api-v2',
      'Service/api-v2',
      'Deployment/worker',
      'Deployment/tail',
    ]);
    expect(() => validateManifests(docs)).not.toThrow();
  });

  it('the checks really are the schema: a wrong type is refused', () => {
    const broken = structuredClone(find('Deployment', 'db'));
    broken.spec.replicas = 'one';
    expect(() => validateManifests([broken])).toThrow(/replicas must be integer/);
  });

  it('memory_limit as the container\'s memory limit, in Mi, with a note that Kubernetes kills at it', () => {
    expect(container('Deployment', 'worker').resources).toEqual({ limits: { memory: '300Mi' } });
    expect(container('Deployment', 'api-v2')).not.toHaveProperty('resources');
    expect(text).toContain('memory_limit: Kubernetes kills the container at its memory limit');
  });

  it('command, workingDir, env with the secret by reference, the port, and a Service to reach it by name', () => {
    expect(container('Deployment', 'api-v2')).toMatchObject({
      image: 'shop_app-api_v2',
      command: ['sh', '-c', 'node api.js && echo done'],
      workingDir: '/app',
      env: [
        { name: 'DB_ADDR', value: 'db:5433' },
        { name: 'API_TOKEN', valueFrom: { secretKeyRef: { name: 'shop-app-secrets', key: 'API_TOKEN' } } },
        { name: 'PORT', value: '4000' },
      ],
      ports: [{ containerPort: 4000, protocol: 'TCP' }],
    });
    expect(find('Service', 'api-v2').spec).toEqual({
      selector: { 'app.kubernetes.io/name': 'api-v2' },
      ports: [{ name: 'tcp', port: 4000, targetPort: 4000, protocol: 'TCP' }],
    });
    expect(text).not.toContain('s3cr3t-token');
    expect(text).toContain('kubectl create secret generic shop-app-secrets --from-literal=API_TOKEN=…');
    expect(text).toContain('# api_v2 (named api-v2: Kubernetes names are lowercase letters, digits and -)');
  });

  it.each<[string, string, unknown]>([
    ['tcp → tcpSocket', 'db', { tcpSocket: { port: 5433 }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 3 }],
    ['http → httpGet (path with its query, https scheme)', 'api-v2', { httpGet: { path: '/health?deep=1', port: 4000, scheme: 'HTTPS' }, periodSeconds: 2, timeoutSeconds: 2, failureThreshold: 4 }],
    ['exec → exec', 'worker', { exec: { command: ['sh', '-c', 'test -f /tmp/ready'] }, periodSeconds: 2, timeoutSeconds: 1, failureThreshold: 3 }],
  ])('%s, as readiness and liveness (after start_period)', (_label, name, probe) => {
    const c = container('Deployment', name);
    expect(c.readinessProbe).toEqual(probe);
    expect(c.livenessProbe).toEqual({ ...(probe as object), initialDelaySeconds: name === 'api-v2' ? 20 : 10 });
  });

  it('a log check has no probe, and says so', () => {
    expect(container('Deployment', 'tail').readinessProbe).toBeUndefined();
    expect(text).toContain('# health log: /ready/ (ready once a log line matches) has no probe equivalent; none is set');
  });

  it('depends_on: an init container waits on the Service; completed and port-less ones have no equivalent and say so', () => {
    const pod = find('Deployment', 'api-v2').spec.template.spec;
    expect(pod.initContainers).toEqual([
      { name: 'wait-for-db', image: 'busybox:1.36', command: ['sh', '-c', 'until nc -z db 5433; do echo "waiting for db:5433"; sleep 1; done'] },
    ]);
    expect(text).toContain('# depends on migrate (completed): Kubernetes has no wait for a Job to finish; run it first (kubectl wait --for=condition=complete job/migrate)');
    expect(text).toContain('# depends on worker (started): worker serves no port, so there is nothing to wait for; it starts at once');
  });

  it('restart policy and stop settings', () => {
    const job = find('Job', 'migrate').spec;
    expect(job.backoffLimit).toBe(0);
    expect(job.template.spec.restartPolicy).toBe('Never');
    expect(find('Deployment', 'db').spec.template.spec.terminationGracePeriodSeconds).toBe(30);
    expect(text).toContain('# restart: no has no equivalent for a Deployment, whose pods always restart their containers');
    expect(text).toContain('# stack stops it with SIGINT; Kubernetes sends SIGTERM unless the image says STOPSIGNAL SIGINT in its Dockerfile');
  });

  it.each<[string, string]>([
    ['api', 'api'],
    ['api_v2', 'api-v2'],
    ['2fa', 's-2fa'],
    ['Shop_App', 'shop-app'],
  ])('k8sName(%j) = %j', (name, expected) => {
    expect(k8sName(name)).toBe(expected);
  });
});

describe('exportK8s: an address outside the stack', () => {
  it('says that localhost in a pod is the pod, and what to point it at', () => {
    const { text } = k8sOf(WITH_OUTSIDE_DB);
    expect(text).toContain('# env DATABASE_URL: localhost:5432 is no service of this stack, and in a pod localhost is the pod itself: point it at a Service (or an ExternalName one) for what listens there');
  });
});
