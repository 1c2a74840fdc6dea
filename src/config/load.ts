/**
 * stack.yaml → StackConfig in named steps: parse YAML → drop x- keys → interpolate →
 * schema → cross-service and disk checks → resolve. Every step adds to one problem
 * list; a ConfigError with all of them is thrown before anything is resolved.
 */
import fs from 'node:fs';
import path from 'node:path';
import { ConfigError, StackError, isErrnoException } from '../errors.js';
import { displayPath } from '../format.js';
import { checkDependencies, checkNulBytes, checkPorts, checkWorkingDirectories, loadServiceEnvFiles, type CheckContext } from './cross-checks.js';
import { EnvFileLoader } from './env-file-loader.js';
import { NOT_FOUND_HINT } from './find.js';
import { stripExtensions } from './strip-extensions.js';
import { MAX_CONFIG_BYTES, parseYaml, tooLarge } from './parse.js';
import { Problems } from './problems.js';
import { resolveConfig } from './resolve.js';
import { Scope } from './interpolate.js';
import type { StackConfig } from './types.js';
import type { AutoPortSource } from './auto-port.js';
import { validate } from './validate.js';

export interface LoadOptions {
  /** The invoking environment, for ${VAR} interpolation. */
  env: NodeJS.ProcessEnv;
  /** The ports of `port: auto` services (auto-port.ts); without it they stay unchosen. */
  autoPorts?: AutoPortSource;
}

export function loadConfig(file: string, options: LoadOptions): StackConfig {
  const absolute = path.resolve(file);
  const shown = displayPath(absolute, process.cwd());
  let source: string;
  try {
    const stat = fs.statSync(absolute);
    if (stat.isDirectory()) throw configProblem(shown, 'is a directory, not a stack file');
    if (stat.size > MAX_CONFIG_BYTES) throw configProblem(shown, tooLarge(stat.size));
    source = fs.readFileSync(absolute, 'utf8');
  } catch (error) {
    if (error instanceof StackError) throw error;
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      throw new StackError('CONFIG_NOT_FOUND', `${shown} does not exist`, {
        exitCode: 2,
        hint: NOT_FOUND_HINT,
        cause: error,
      });
    }
    throw configProblem(shown, `cannot be read: ${isErrnoException(error) ? error.code : String(error)}`, error);
  }
  return parseConfig(source, absolute, options);
}

export function parseConfig(source: string, file: string, options: LoadOptions): StackConfig {
  const configFile = path.resolve(file);
  const problems = new Problems(displayPath(configFile, process.cwd()));
  try {
    return parseOrCollect(source, configFile, options, problems);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    // A bug in stack, not in the file; still answer with a sentence (STACK_DEBUG=1 shows the cause).
    const reason = error instanceof Error ? error.message : String(error);
    throw configProblem(problems.file, `could not be read because of an internal error (${reason}); please report it`, error);
  }
}

function parseOrCollect(source: string, configFile: string, options: LoadOptions, problems: Problems): StackConfig {
  const root = path.dirname(configFile);
  const parsed = parseYaml(source, problems);
  if (!parsed) {
    problems.throwIfAny();
    throw new Error('YAML parse failed without a problem');
  }

  const data = stripExtensions(parsed.data);
  const envFiles = new EnvFileLoader(root, problems);
  const scope = new Scope({ data, env: options.env, problems, positions: parsed.positions, envFiles, autoPorts: options.autoPorts });
  const interpolated = scope.interpolateAll();
  const topFileEnv = scope.topLevelFileEnv();

  const file = validate(interpolated, problems, (keyPath) => scope.failed(keyPath));
  const ctx: CheckContext = { data: interpolated, root, problems, scope, envFiles };
  checkNulBytes(ctx);
  checkDependencies(ctx);
  checkPorts(ctx);
  const autoPorts = scope.autoPorts();
  checkWorkingDirectories(ctx);
  const serviceFileEnv = loadServiceEnvFiles(ctx);

  problems.throwIfAny();
  if (!file) throw new Error('schema failed without a problem');
  return resolveConfig({ file, configFile, topFileEnv, serviceFileEnv, envFiles: envFiles.files(), autoPorts });
}

function configProblem(file: string, message: string, cause?: unknown): ConfigError {
  const error = new ConfigError([{ file, line: 0, col: 0, path: '', message, check: 'config-invalid' }]);
  if (cause !== undefined) Object.defineProperty(error, 'cause', { value: cause, configurable: true, writable: true });
  return error;
}
