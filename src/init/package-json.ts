/**
 * package.json → a Draft: the `dev` script (else `start`) of the root package, or of
 * each workspace when it has workspaces (npm/yarn `workspaces`, pnpm-workspace.yaml).
 * The port comes from the script when it says one (`--port 3000`, `-p 3000`,
 * `PORT=3000`), else from the dev server it runs when that has a well-known default.
 */
import { serviceName, uniqueNames, type Draft, type DraftService, type Note } from './draft.js';

export type Runner = 'npm' | 'pnpm' | 'yarn' | 'bun';

export interface PackageInfo {
  /** Relative to the project root, '.' for the root package. */
  dir: string;
  manifest: Record<string, unknown>;
}

export interface PackageInput {
  root: PackageInfo;
  /** The packages the workspace globs matched, in a stable order. */
  workspaces: PackageInfo[];
  runner: Runner;
  /** Where the runner was read from ("pnpm-lock.yaml"), for a note; none for the npm default. */
  runnerFrom?: string;
}

/** Dev servers whose default port is known, and whether they listen on $PORT. */
const SERVERS: Array<{ pattern: RegExp; port: number; honoursPort: boolean; tool: string }> = [
  { pattern: /\bnext\s+(?:dev|start)\b/, port: 3000, honoursPort: true, tool: 'next' },
  { pattern: /\bnuxt\s+dev\b|\bnuxi\s+dev\b/, port: 3000, honoursPort: true, tool: 'nuxt' },
  { pattern: /\breact-scripts\s+start\b/, port: 3000, honoursPort: true, tool: 'react-scripts' },
  { pattern: /\bastro\s+dev\b/, port: 4321, honoursPort: false, tool: 'astro' },
  { pattern: /\bvite(?:\s+dev)?(?:\s|$)/, port: 5173, honoursPort: false, tool: 'vite' },
];

const EXPLICIT_PORT = /(?:--port[= ]|(?:^|\s)-p\s+|\bPORT=)(\d{2,5})\b/;

export function scriptsOf(manifest: Record<string, unknown>): Record<string, string> {
  const scripts = manifest.scripts;
  if (scripts === null || typeof scripts !== 'object' || Array.isArray(scripts)) return {};
  return Object.fromEntries(Object.entries(scripts).filter((e): e is [string, string] => typeof e[1] === 'string'));
}

export function runCommand(runner: Runner, script: string): string {
  if (runner === 'yarn') return `yarn ${script}`;
  if (script === 'start' && runner !== 'bun') return `${runner} start`;
  return `${runner} run ${script}`;
}

export function translatePackage(input: PackageInput): Draft {
  const notes: Note[] = [];
  const withScript = (p: PackageInfo) => {
    const scripts = scriptsOf(p.manifest);
    const script = scripts.dev !== undefined ? 'dev' : scripts.start !== undefined ? 'start' : undefined;
    return script ? { ...p, script, text: scripts[script]!, other: script === 'dev' && scripts.start !== undefined } : undefined;
  };
  const members = input.workspaces.map(withScript).filter((p) => p !== undefined);
  const root = withScript(input.root);
  const chosen = members.length > 0 ? members : root ? [root] : [];
  if (members.length > 0 && root) {
    notes.push({ kind: 'guess', text: `the root package's ${root.script} script (${root.text}) was left out: stack runs each workspace's own` });
  }
  for (const ws of input.workspaces) {
    if (!withScript(ws)) notes.push({ kind: 'guess', text: `workspace ${ws.dir} has no dev or start script; left out` });
  }
  if (chosen.length === 0) notes.push({ kind: 'todo', text: 'package.json has no dev or start script (nor do its workspaces)' });
  if (input.runnerFrom) notes.push({ kind: 'guess', text: `runs scripts with ${input.runner} (${input.runnerFrom} is there)` });

  const names = uniqueNames(chosen.map((p) => serviceName(typeof p.manifest.name === 'string' ? p.manifest.name : p.dir === '.' ? 'app' : p.dir.split('/').pop()!)));
  const taken = new Set<number>();
  const services = chosen.map((p, i): DraftService => {
    const name = names[i]!;
    const fields: Record<string, unknown> = { command: runCommand(input.runner, p.script) };
    if (p.dir !== '.') fields.cwd = p.dir;
    const keyComments: Record<string, string> = {};
    const label = `${p.dir === '.' ? '' : `${p.dir}/`}package.json`;
    const port = portOf(p.text, taken);
    if (port.port !== undefined) {
      fields.port = port.port;
      taken.add(port.port);
      keyComments.port = port.why;
      notes.push({ service: name, kind: 'guess', text: `port ${port.port} (${port.why}), checked with tcp` });
    } else {
      notes.push({ service: name, kind: 'guess', text: port.why });
    }
    if (p.other) notes.push({ service: name, kind: 'guess', text: 'runs the dev script; there is a start script too' });
    return { name, fields, comment: [`${label}: "${p.script}": ${p.text}`], keyComments };
  });
  return { from: 'package.json', services, notes };
}

function portOf(script: string, taken: ReadonlySet<number>): { port?: number; why: string } {
  const explicit = EXPLICIT_PORT.exec(script);
  if (explicit) return { port: Number(explicit[1]), why: 'the port its script names' };
  const server = SERVERS.find((s) => s.pattern.test(script));
  if (!server) return { why: 'no port found in its script: add port: if it serves one (stack sets it as $PORT)' };
  if (!taken.has(server.port)) {
    return { port: server.port, why: `${server.tool}'s default port${server.honoursPort ? ', and it listens on $PORT' : ''}` };
  }
  return { why: `${server.tool} would use ${server.port}, which another service has: give it its own port (${server.honoursPort ? '$PORT is enough' : `pass --port \${PORT}`})` };
}
