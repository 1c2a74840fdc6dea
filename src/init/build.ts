/**
 * `stack init`'s deciding part, apart from printing: find the sources, read the chosen
 * one, translate it, check its ports, render the YAML and validate it with the same
 * loader `stack up` uses. Nothing is written here.
 */
import path from 'node:path';
import { ConfigError, StackError, type ConfigProblem } from '../errors.js';
import { parseConfig } from '../config/load.js';
import { translateCompose } from './compose.js';
import { chooseSource, detectSources } from './detect.js';
import { dockerState } from './docker.js';
import { serviceName, type Draft, type Source } from './draft.js';
import { translatePackage } from './package-json.js';
import { checkPorts, portIsFree, type IsFree } from './ports.js';
import { translateProcfile } from './procfile.js';
import { exists, needsDocker, readCompose, readPackage, readProcfile } from './read.js';
import { renderDraft } from './render.js';

export interface InitPlan {
  /** Which file was read, and what else was found, as a sentence. */
  says: string;
  draft: Draft;
  text: string;
  /** What the validator says about `text` (empty: it loads). */
  problems: ConfigProblem[];
}

export interface InitOptions {
  /** Absolute path of the stack.yaml to write; its directory is the one read. */
  target: string;
  from?: Source;
  env: NodeJS.ProcessEnv;
  isFree?: IsFree;
}

export async function planInit({ target, from, env, isFree = portIsFree }: InitOptions): Promise<InitPlan> {
  const dir = path.dirname(target);
  const choice = chooseSource(detectSources((f) => exists(dir, f)), from);
  if (!choice.ok) throw new StackError('INIT_NOTHING_FOUND', choice.message, { exitCode: from ? 2 : 1, hint: choice.hint });
  const { source, file } = choice.found;
  let draft: Draft;
  if (source === 'procfile') draft = translateProcfile(readProcfile(dir, file));
  else if (source === 'package') draft = translatePackage(readPackage(dir));
  else {
    const probe = readCompose(dir, file, serviceName(path.basename(dir)), { state: 'absent' });
    const docker = needsDocker(probe.data) ? await dockerState(env) : ({ state: 'absent' } as const);
    draft = translateCompose({ ...probe, docker });
  }
  draft = await checkPorts(draft, isFree, source === 'procfile');
  const text = renderDraft(draft);
  return { says: choice.says, draft, text, problems: validationProblems(text, target, env) };
}

function validationProblems(text: string, target: string, env: NodeJS.ProcessEnv): ConfigProblem[] {
  try {
    parseConfig(text, target, { env });
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}
