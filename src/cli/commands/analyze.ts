import path from 'node:path';
import type { Command } from 'commander';
import { analyzeTimeline } from '../../analyze/read.js';
import { ExitError, StackError } from '../../errors.js';
import { locateProject } from '../project.js';
import { renderAnalysis } from '../render/analyze-report.js';

/**
 * `stack analyze [--json]`: the critical chain of the last up, from .stack/events.jsonl
 * (no daemon needed). Exit 0 when that up succeeded, 1 when it failed, did not finish, or
 * there is none; the document or the report says which.
 */
export async function analyzeCommand(program: Command, options: { json?: boolean }): Promise<void> {
  const paths = locateProject(program);
  const analysis = await analyzeTimeline(paths.eventsFile);
  if (options.json) console.log(JSON.stringify(analysis, null, 2));
  else if (!analysis.up) throw new StackError('OPERATION_FAILED', analysis.problem ?? 'Nothing to analyse.', { hint: 'run stack up; then stack analyze shows where its time went' });
  else console.log(renderAnalysis(analysis, path.basename(paths.root)));
  if (!analysis.ok) throw new ExitError(1);
}
