import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onTestFinished } from 'vitest';
import { keptPorts } from '../../../src/config/auto-port.js';
import { parseConfig } from '../../../src/config/index.js';
import type { StackConfig } from '../../../src/config/types.js';
import { ConfigError } from '../../../src/errors.js';

/**
 * Inline YAML in tests: drops the first newline and the common indentation. Escapes are
 * JavaScript's: write \${VAR} for a literal ${VAR}, and double every backslash.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const text = strings.reduce((out, s, i) => out + s + (i < values.length ? String(values[i]) : ''), '').replace(/^\n/, '');
  const indents = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => line.length - line.trimStart().length);
  const indent = Math.min(...indents);
  return text
    .split('\n')
    .map((line) => line.slice(indent))
    .join('\n')
    .replace(/\s+$/, '\n');
}

/** A stack.yaml under the current directory, so problems show as "stack.yaml:line:col". */
export const CONFIG = path.join(process.cwd(), 'stack.yaml');

export interface Options {
  env?: NodeJS.ProcessEnv;
  file?: string;
  /** The ports kept for `port: auto` services. */
  autoPorts?: Record<string, number>;
}

export function load(source: string, options: Options = {}): StackConfig {
  try {
    return parseConfig(source, options.file ?? CONFIG, { env: options.env ?? {}, ...(options.autoPorts ? { autoPorts: keptPorts(options.autoPorts) } : {}) });
  } catch (error) {
    // Show the problems, not just the count, when a test expected the config to load.
    if (error instanceof ConfigError) throw new Error([error.message, ...error.details].join('\n'));
    throw error;
  }
}

export function configError(source: string, options: Options = {}): ConfigError {
  try {
    parseConfig(source, options.file ?? CONFIG, { env: options.env ?? {} });
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}

/** The problems as the CLI prints them, one line each. */
export function problems(source: string, options: Options = {}): string[] {
  return configError(source, options).details;
}

/** A fresh directory, removed when the current test ends. */
export function tempDir(): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stack-config-')));
  onTestFinished(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes files (path → content) under `dir`, creating folders. */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }
}
