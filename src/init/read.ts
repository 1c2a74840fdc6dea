/**
 * The effects of `stack init`: reading the source file and what it refers to (.env,
 * Dockerfiles, workspace package.json files). Each returns the input of a pure
 * translator. A compose file that is not valid YAML is a ConfigError with its
 * file:line:col, read by the same parser as stack.yaml.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fdir } from 'fdir';
import picomatch from 'picomatch';
import { parse as parseYamlText } from 'yaml';
import { parseEnvFile } from '../config/env-file.js';
import { parseYaml } from '../config/parse.js';
import { Problems } from '../config/problems.js';
import { StackError } from '../errors.js';
import { displayPath } from '../format.js';
import type { ComposeInput, DockerState } from './compose.js';
import type { PackageInfo, PackageInput, Runner } from './package-json.js';
import { parseProcfile, type ProcfileInput } from './procfile.js';

export function readText(dir: string, rel: string): string | undefined {
  try {
    return fs.readFileSync(path.join(dir, rel), 'utf8');
  } catch {
    return undefined;
  }
}

export function exists(dir: string, rel: string): boolean {
  return fs.existsSync(path.join(dir, rel));
}

export function readProcfile(dir: string, file: string): ProcfileInput {
  const parsed = parseProcfile(readText(dir, file) ?? '');
  const envText = readText(dir, '.env');
  const port = envText === undefined ? undefined : Number(parseEnvFile(envText).vars.get('PORT'));
  return {
    parsed,
    file,
    hasEnvFile: envText !== undefined,
    ...(port !== undefined && Number.isInteger(port) && port > 0 && port < 65536 ? { basePort: port } : {}),
  };
}

export function readCompose(dir: string, file: string, project: string, docker: DockerState): ComposeInput {
  const problems = new Problems(displayPath(path.join(dir, file), process.cwd()));
  const parsed = parseYaml(readText(dir, file) ?? '', problems);
  problems.throwIfAny();
  return {
    data: parsed!.data,
    file,
    project,
    docker,
    exists: (rel) => exists(dir, rel),
    read: (rel) => readText(dir, rel),
  };
}

/** Does the compose file have services that only name an image (and so need docker)? */
export function needsDocker(data: Record<string, unknown>): boolean {
  const services = data.services;
  if (services === null || typeof services !== 'object') return false;
  return Object.values(services as Record<string, unknown>).some(
    (s) => s !== null && typeof s === 'object' && (s as Record<string, unknown>).build === undefined && typeof (s as Record<string, unknown>).image === 'string',
  );
}

const LOCKFILES: Array<[string, Runner]> = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['bun.lockb', 'bun'],
  ['bun.lock', 'bun'],
];

export function readPackage(dir: string): PackageInput {
  const root = readManifest(dir, '.');
  const patterns = workspacePatterns(dir, root.manifest);
  const lock = LOCKFILES.find(([file]) => exists(dir, file));
  return {
    root,
    workspaces: patterns.length === 0 ? [] : workspaceDirs(dir, patterns).map((d) => readManifest(dir, d)),
    runner: lock?.[1] ?? 'npm',
    ...(lock ? { runnerFrom: lock[0] } : {}),
  };
}

function readManifest(dir: string, rel: string): PackageInfo {
  const file = path.join(dir, rel, 'package.json');
  const text = readText(dir, path.join(rel, 'package.json'));
  try {
    const manifest: unknown = JSON.parse(text ?? '');
    if (manifest !== null && typeof manifest === 'object' && !Array.isArray(manifest)) return { dir: rel, manifest: manifest as Record<string, unknown> };
  } catch (error) {
    throw new StackError('INIT_SOURCE_INVALID', `${displayPath(file, process.cwd())} is not valid JSON: ${(error as Error).message}`, {
      exitCode: 2,
      hint: 'fix it (npm install reads it too), then run stack init again',
      cause: error,
    });
  }
  throw new StackError('INIT_SOURCE_INVALID', `${displayPath(file, process.cwd())} does not hold a JSON object`, { exitCode: 2 });
}

/** npm and yarn: `workspaces: [globs]` or `{ packages: [globs] }`; pnpm: pnpm-workspace.yaml's `packages:`. */
function workspacePatterns(dir: string, manifest: Record<string, unknown>): string[] {
  const field = manifest.workspaces;
  const list = Array.isArray(field) ? field : field !== null && typeof field === 'object' ? (field as Record<string, unknown>).packages : undefined;
  if (Array.isArray(list)) return list.filter((p): p is string => typeof p === 'string');
  const pnpm = readText(dir, 'pnpm-workspace.yaml');
  if (pnpm === undefined) return [];
  try {
    const packages = (parseYamlText(pnpm) as { packages?: unknown } | null)?.packages;
    return Array.isArray(packages) ? packages.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
}

/** Directories matching the globs (`!` excludes) that hold a package.json, sorted. */
function workspaceDirs(dir: string, patterns: readonly string[]): string[] {
  const clean = (p: string) => p.replace(/^\.\//, '').replace(/\/+$/, '');
  const include = picomatch(patterns.filter((p) => !p.startsWith('!')).map(clean));
  const exclude = picomatch(patterns.filter((p) => p.startsWith('!')).map((p) => clean(p.slice(1))));
  const dirs = new fdir()
    .withRelativePaths()
    .onlyDirs()
    .withMaxDepth(6)
    .exclude((name) => name === 'node_modules' || name.startsWith('.'))
    .crawl(dir)
    .sync()
    .map((d) => d.replace(/[\\/]+$/, '').split(path.sep).join('/'))
    .filter((d) => d !== '' && d !== '.' && include(d) && !exclude(d) && exists(dir, path.join(d, 'package.json')));
  return [...new Set(dirs)].sort();
}
