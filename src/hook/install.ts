/**
 * `stack hook install` / `uninstall`: reads the pre-commit hook, computes its new text
 * with hook-text.ts and writes it back (or deletes it). Returns what was done; the CLI
 * prints it.
 */
import { chmod, lstat, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { accessSync, constants, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { StackError, isErrnoException } from '../errors.js';
import { CONFIG_NAMES } from '../config/find.js';
import { locateHook, type HookLocation } from './git.js';
import { hasBlock, hookBlock, hookManagerOf, installBlock, removeBlock, shellQuote, doctorCommandLine, type BlockCommand } from './hook-text.js';

/** The npm package name stack is published as. */
export const PACKAGE_NAME = 'stack-supervisor';

export interface HookOptions {
  /** Absolute path of stack.yaml. */
  configFile: string;
  /** The stack CLI as it runs now (process.argv[1]), used when stack is not a dependency of the project. */
  stackBin: string;
  /** The node running it (process.execPath), used when stackBin is not executable by itself. */
  nodeBin: string;
}

/** A path for messages: relative to the current directory. */
export function shownPath(file: string): string {
  return path.relative(process.cwd(), file) || '.';
}

export interface HookOutcome {
  location: HookLocation;
  /** What happened, for the message. */
  kind: 'created' | 'appended' | 'inserted' | 'already' | 'updated' | 'removed' | 'deleted' | 'not-installed';
  /** For `inserted`: the line our block went before. */
  before?: string;
  /** The doctor command line the hook runs (install only). */
  command?: string;
  /** The hook was not executable (git was ignoring it) and install made it so. */
  madeExecutable?: boolean;
}

function realpathOr(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}

function declaresStack(packageJson: string): boolean {
  try {
    const pkg = JSON.parse(readFileSync(packageJson, 'utf8')) as Record<string, unknown>;
    return ['dependencies', 'devDependencies', 'optionalDependencies'].some((field) => {
      const deps = pkg[field];
      return typeof deps === 'object' && deps !== null && PACKAGE_NAME in deps;
    });
  } catch {
    return false;
  }
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Relative path using forward slashes (what the shell line and messages show). */
function rel(from: string, to: string): string {
  return path.relative(from, to).split(path.sep).join('/');
}

/**
 * How the hook runs stack. When a package.json between stack.yaml's directory and the repo
 * top declares stack as a dependency: `npx --no-install stack` from that package's directory
 * (survives moving the repo and changing node). Otherwise the stack bin found now, by
 * absolute path. `-f` is passed unless stack would find the same stack.yaml by itself.
 */
export function blockCommand(repoTop: string, options: HookOptions): BlockCommand {
  const top = realpathOr(repoTop);
  const configFile = realpathOr(options.configFile);
  let packageDir: string | undefined;
  for (let dir = path.dirname(configFile); ; dir = path.dirname(dir)) {
    if (declaresStack(path.join(dir, 'package.json'))) {
      packageDir = dir;
      break;
    }
    if (dir === top || path.dirname(dir) === dir || !(dir + path.sep).startsWith(top + path.sep)) break;
  }
  const runDir = packageDir ?? top;
  let stack: string;
  if (packageDir !== undefined) {
    stack = 'npx --no-install stack';
  } else {
    const bin = path.resolve(options.stackBin);
    stack = isExecutable(bin) ? shellQuote(bin) : `${shellQuote(options.nodeBin)} ${shellQuote(bin)}`;
  }
  const command: BlockCommand = { stack };
  if (runDir !== top) command.cwd = rel(top, runDir);
  const foundByItself = path.dirname(configFile) === runDir && (CONFIG_NAMES as readonly string[]).includes(path.basename(configFile));
  if (!foundByItself) command.configFile = rel(runDir, configFile);
  return command;
}

async function readHook(file: string): Promise<string | undefined> {
  try {
    const info = await lstat(file);
    if (info.isSymbolicLink()) {
      throw new StackError('HOOK_IS_SYMLINK', `${shownPath(file)} is a symbolic link; changing it would change the file it points to.`, {
        exitCode: 1,
        hint: 'add `stack doctor --staged` to that script yourself (see "Pre-commit hook" in the README)',
      });
    }
    return await readFile(file, 'utf8');
  } catch (error) {
    if (isErrnoException(error) && error.code === 'ENOENT') return undefined;
    throw error;
  }
}

const MANAGER_HINTS: Record<string, string> = {
  husky: 'add `npx stack doctor --staged` to .husky/pre-commit instead',
  lefthook: 'add a pre-commit command `npx stack doctor --staged` to lefthook.yml instead',
  'pre-commit': 'add a `repo: local` hook with `entry: npx stack doctor --staged` to .pre-commit-config.yaml instead',
};

export async function installHook(options: HookOptions): Promise<HookOutcome> {
  const location = await locateHook(path.dirname(options.configFile));
  const { hookFile } = location;
  const command = blockCommand(location.repoTop, options);
  const commandLine = doctorCommandLine(command);
  const existing = await readHook(hookFile);
  // husky (v5+) points core.hooksPath at .husky/_, whose files it regenerates.
  const huskyDir = location.hooksPath !== undefined && /(^|[\\/])\.husky([\\/]_)?[\\/]?$/.test(location.hooksPath);
  const manager = huskyDir ? 'husky' : existing === undefined || hasBlock(existing) ? undefined : hookManagerOf(existing);
  if (manager !== undefined) {
    throw new StackError('HOOK_MANAGED', `${shownPath(hookFile)} is generated by ${manager}, which would overwrite the stack check; not changing it.`, {
      exitCode: 1,
      hint: `${MANAGER_HINTS[manager]} (see "Pre-commit hook" in the README)`,
    });
  }
  const result = installBlock(existing, hookBlock(command));
  if (result.kind === 'refused') {
    throw new StackError('HOOK_UNSUPPORTED', `Not changing ${shownPath(hookFile)}: ${result.reason}.`, {
      exitCode: 1,
      hint: `add \`${commandLine}\` to that hook yourself, where it will run and its status counts`,
    });
  }
  if (result.kind === 'already') return { location, kind: 'already', command: commandLine };

  await mkdir(path.dirname(hookFile), { recursive: true });
  await writeFile(hookFile, result.text);
  let madeExecutable = false;
  if (result.kind === 'created') {
    await chmod(hookFile, 0o755);
  } else {
    const mode = (await stat(hookFile)).mode & 0o7777;
    if ((mode & 0o111) !== 0o111) {
      madeExecutable = (mode & 0o100) === 0;
      await chmod(hookFile, mode | 0o111);
    }
  }
  return {
    location,
    kind: result.kind,
    command: commandLine,
    madeExecutable,
    ...(result.kind === 'inserted' ? { before: result.before } : {}),
  };
}

export async function uninstallHook(options: Pick<HookOptions, 'configFile'>): Promise<HookOutcome> {
  const location = await locateHook(path.dirname(options.configFile));
  const existing = await readHook(location.hookFile);
  if (existing === undefined) return { location, kind: 'not-installed' };
  const result = removeBlock(existing);
  switch (result.kind) {
    case 'absent':
      return { location, kind: 'not-installed' };
    case 'emptied':
      await rm(location.hookFile);
      return { location, kind: 'deleted' };
    case 'removed':
      await writeFile(location.hookFile, result.text);
      return { location, kind: 'removed' };
  }
}
