/**
 * Config discovery: -f/--file, else $STACK_FILE, else stack.yaml (or stack.yml) in the
 * current directory or the nearest parent, the way git finds .git.
 */
import fs from 'node:fs';
import path from 'node:path';
import { StackError } from '../errors.js';

export const CONFIG_NAMES = ['stack.yaml', 'stack.yml'] as const;

export const NOT_FOUND_HINT =
  'run stack init (it writes one from a Procfile, compose file or package.json here), or create a stack.yaml listing your services, e.g. services: { web: { command: "npm start", port: 3000 } }, or pass -f <file>';

export interface FindOptions {
  /** -f/--file as given on the command line. */
  file?: string | undefined;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

/** The absolute path of the config file to use. */
export function findConfigFile({ file, cwd, env }: FindOptions): string {
  if (file !== undefined && file !== '') {
    return mustExist(path.resolve(cwd, file), (p) => `no stack file at ${p} (given with -f)`, 'check the path given with -f (it is relative to the current directory)');
  }
  const fromEnv = env.STACK_FILE;
  if (fromEnv !== undefined && fromEnv !== '') {
    return mustExist(path.resolve(cwd, fromEnv), (p) => `no stack file at ${p} (from $STACK_FILE)`, 'check $STACK_FILE, or unset it to look for stack.yaml from the current directory up');
  }
  const start = path.resolve(cwd);
  for (let dir = start; ; dir = path.dirname(dir)) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      if (isFile(candidate)) return candidate;
    }
    if (path.dirname(dir) === dir) break;
  }
  throw new StackError('CONFIG_NOT_FOUND', `no stack.yaml or stack.yml in ${start} or any parent directory`, {
    exitCode: 2,
    hint: NOT_FOUND_HINT,
  });
}

function mustExist(file: string, message: (file: string) => string, hint: string): string {
  if (isFile(file)) return file;
  const isDir = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
  throw new StackError('CONFIG_NOT_FOUND', isDir ? `${file} is a directory, not a stack file` : message(file), { exitCode: 2, hint });
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}
