/** What `stack export` writes: a compose file, or Kubernetes manifests (main.ts offers and checks these words). */
export const EXPORT_FORMATS = ['compose', 'k8s'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
