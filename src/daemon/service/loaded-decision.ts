/**
 * `staleness: loaded` (DESIGN §8, "Stale by what the process loaded"), the pure parts:
 * which commands run Node or Python (the preloads reach only those), which loaded files
 * count as sources, and the NODE_OPTIONS and PYTHONPATH that load the preloads with the
 * user's own values kept.
 */
import path from 'node:path';
import type { Command } from '../../config/types.js';

/** Programs that are Node, or start it with the environment they were given. */
const NODE_PROGRAMS = new Set(['node', 'nodejs', 'npm', 'npx', 'pnpm', 'yarn', 'tsx', 'ts-node', 'nodemon', 'vite', 'next', 'nest', 'remix', 'astro', 'nuxt', 'nx', 'turbo']);
const SCRIPT = /\.(c|m)?(j|t)s$/;
/** Programs that are Python, or start it. */
const PYTHON_PROGRAMS = /^(python[0-9.]*|uvicorn|gunicorn|flask|django-admin|hypercorn|poetry|pipenv|uv|.*\.py)$/;

/**
 * Whether a command starts a Node process: its program (after `exec`, `env` and VAR=value
 * words) is one of NODE_PROGRAMS or a JavaScript/TypeScript file. A shell script that starts
 * Node is not seen as one: it falls back to the watch globs, which count more, never less.
 */
export function runsNode(command: Command): boolean {
  const name = programOf(command);
  return name !== null && (NODE_PROGRAMS.has(name) || SCRIPT.test(name));
}

/** Whether a command starts a Python process (python, python3.12, uvicorn, gunicorn, a .py file…). */
export function runsPython(command: Command): boolean {
  const name = programOf(command);
  return name !== null && PYTHON_PROGRAMS.test(name);
}

/** The program's file name, after `exec`, `env` and VAR=value words. */
function programOf(command: Command): string | null {
  const words = 'argv' in command ? command.argv : command.shell.trim().split(/\s+/);
  const program = words.find((w) => w !== 'exec' && w !== 'env' && !/^[A-Za-z_][A-Za-z0-9_]*=/.test(w));
  return program ? path.basename(program.replace(/^['"]|['"]$/g, '')) : null;
}

/**
 * A loaded file counts when it lies under the project (stack.yaml's directory), outside
 * node_modules, .git and .stack: a workspace package in ../shared does, Node's own and
 * npm's files do not (as with `watch`, dependencies never count).
 */
export function countsAsLoaded(file: string, projectRoot: string): boolean {
  const rel = path.relative(projectRoot, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return false;
  return !rel.split(path.sep).some((part) => part === 'node_modules' || part === '.git' || part === '.stack');
}

/** The directory holding stack's sitecustomize.py first, then the user's PYTHONPATH. */
export function withPythonPath(pythonPath: string | undefined, dir: string): string {
  return pythonPath ? `${dir}${path.delimiter}${pythonPath}` : dir;
}

/** The user's NODE_OPTIONS (kept, first), then the preload. */
export function withPreload(nodeOptions: string | undefined, preload: string): string {
  const own = nodeOptions?.trim() ?? '';
  return `${own ? `${own} ` : ''}--require ${JSON.stringify(preload)}`;
}

/** What status says of a `staleness: loaded` that a command cannot have (not Node, not Python). */
export function fallbackNote(command: Command): string {
  const shown = 'argv' in command ? command.argv.join(' ') : command.shell;
  return `staleness: loaded needs a Node or Python command (node, npm, npx, python, …); \`${shown}\` is judged by its watch globs`;
}
