/**
 * The stack as Kubernetes manifests (`stack export k8s`): per service a Deployment (a
 * Job for a one-shot service that others wait to complete) and, when it has a port, a
 * Service named after it, so the others reach it by name. Secrets are referenced from
 * one Secret that the header says how to create; its values are never written.
 */
import type { IJob } from 'kubernetes-models/batch/v1/Job';
import type { IDeployment } from 'kubernetes-models/apps/v1/Deployment';
import type { IService } from 'kubernetes-models/v1/Service';
import type { ExportModel, ExportService } from './model.js';
import { podFor, type Peers } from './k8s-pod.js';
import { commentedYaml } from './yaml-doc.js';

/** A DNS-1035 label, as Service names must be: lowercase letters, digits and -, starting with a letter. */
export function k8sName(name: string): string {
  const clean = name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+$/, '');
  return (/^[a-z]/.test(clean) ? clean : `s-${clean}`).slice(0, 63).replace(/-+$/, '');
}

export function exportK8s(model: ExportModel, from: string): string {
  const secretName = `${k8sName(model.project)}-secrets`;
  const peers: Peers = { nameOf: k8sName, byName: new Map(model.services.map((s) => [s.name, s])), secretName };
  const header = [
    `Written by \`stack export k8s\` from ${from}; apply with: kubectl apply -f <this file>`,
    'Paths assume the project is at /app in every image (workingDir).',
    ...(model.secrets.length > 0
      ? [`Secrets are read from the Secret ${secretName}, which this file does not hold; create it first:`, `  kubectl create secret generic ${secretName} ${model.secrets.map((n) => `--from-literal=${n}=…`).join(' ')}`]
      : []),
  ];
  const documents = model.services.flatMap((s) => manifestsFor(s, model.project, peers));
  return [header.map((l) => `# ${l}\n`).join(''), ...documents].join('---\n');
}

function manifestsFor(s: ExportService, project: string, peers: Peers): string[] {
  const name = k8sName(s.name);
  const labels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': k8sName(project) };
  const { pod, notes } = podFor(s, peers);
  const header = [`${s.name}${name !== s.name ? ` (named ${name}: Kubernetes names are lowercase letters, digits and -)` : ''}`];
  if (s.placeholderImage) header.push(`image ${s.image} is a placeholder: no x-image: for ${s.name} in stack.yaml; build or name the image that runs it`);
  if (s.build) header.push(`stack runs \`${s.build}\` before it starts; build that into the image`);
  if (s.cwdOutside) header.push('its cwd is outside the project: set workingDir to where it runs');
  for (const r of s.rewrites) header.push(`env ${r} (other services are reached by their Service names)`);
  for (const o of s.outsiders) header.push(`env ${o} is no service of this stack, and in a pod localhost is the pod itself: point it at a Service (or an ExternalName one) for what listens there`);
  header.push(...notes);
  const metadata = { name, labels };
  const template = { metadata: { labels }, spec: pod };
  let workload: IDeployment | IJob;
  if (s.oneShot) {
    header.push(`a one-shot job (others wait for it to complete): a Job, restartPolicy ${s.restart === 'no' ? 'Never' : 'OnFailure'}`);
    workload = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata,
      spec: { backoffLimit: s.restart === 'no' ? 0 : 6, template: { ...template, spec: { ...pod, restartPolicy: s.restart === 'no' ? 'Never' : 'OnFailure' } } },
    };
  } else {
    if (s.restart === 'no') header.push('restart: no has no equivalent for a Deployment, whose pods always restart their containers');
    workload = { apiVersion: 'apps/v1', kind: 'Deployment', metadata, spec: { replicas: 1, selector: { matchLabels: { 'app.kubernetes.io/name': name } }, template } };
  }
  const documents = [commentedYaml(workload, header, [])];
  if (s.port !== undefined) {
    const service: IService = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata,
      spec: { selector: { 'app.kubernetes.io/name': name }, ports: [{ name: 'tcp', port: s.port, targetPort: s.port, protocol: 'TCP' }] },
    };
    documents.push(commentedYaml(service, [`${s.name} at ${name}:${s.port} inside the cluster`], []));
  }
  return documents;
}
