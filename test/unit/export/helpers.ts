/** A stack exported the way `stack export` does it, from inline stack.yaml text. */
import { parseAllDocuments, parse } from 'yaml';
import { exportCompose } from '../../../src/export/compose.js';
import { readImages } from '../../../src/export/images.js';
import { exportK8s, k8sName } from '../../../src/export/k8s.js';
import { exportModel } from '../../../src/export/model.js';
import { CONFIG, load, yaml } from '../config/helpers.js';

export { yaml } from '../config/helpers.js';

export function composeOf(source: string, env: NodeJS.ProcessEnv = {}): { text: string; data: { services: Record<string, Record<string, unknown>> } } {
  const text = exportCompose(exportModel(load(source, { env }), readImages(source, CONFIG)), 'stack.yaml');
  return { text, data: parse(text) as { services: Record<string, Record<string, unknown>> } };
}

export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: Record<string, any>;
}

export function k8sOf(source: string, env: NodeJS.ProcessEnv = {}): { text: string; docs: Manifest[] } {
  const text = exportK8s(exportModel(load(source, { env }), readImages(source, CONFIG), k8sName), 'stack.yaml');
  const docs = parseAllDocuments(text)
    .map((d) => d.toJS() as Manifest | null)
    .filter((d): d is Manifest => d !== null);
  return { text, docs };
}

/** One service whose DATABASE_URL points at a database run outside the stack, on localhost. */
export const WITH_OUTSIDE_DB = yaml`
  name: shop
  services:
    api:
      command: node api.js
      port: 4000
      env: { DATABASE_URL: "postgres://localhost:5432/shop" }
`;
