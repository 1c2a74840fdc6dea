/**
 * The mark stack puts in the environment of every service it starts:
 * STACK_SERVICE_ID=<project>/<service>, where <project> is a short hash of the project
 * directory. Children inherit it, also those that leave the process group (setsid) or
 * daemonize (redis-server --daemonize yes, pg_ctl, nginx's master), so the processes of a
 * service can be found after its root process is gone: to stop them, to track the one
 * a daemonizing command left running, and never to call them someone else's ("foreign").
 */
export const SERVICE_MARKER = 'STACK_SERVICE_ID';

/** This project's part of the marker: the same for every service of one stack.yaml's directory. */
export function projectMarker(root: string): string {
  // Loaded when needed: node:crypto costs the CLI ~3 ms to load.
  const { createHash } = process.getBuiltinModule('node:crypto');
  return createHash('sha256').update(root).digest('hex').slice(0, 12);
}

export function serviceMarker(root: string, service: string): string {
  return `${projectMarker(root)}/${service}`;
}

/** The service a marker names, when it is one of this project's; else null. */
export function serviceOfMarker(root: string, marker: string): string | null {
  const prefix = `${projectMarker(root)}/`;
  return marker.startsWith(prefix) ? marker.slice(prefix.length) : null;
}
