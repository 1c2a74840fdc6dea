/**
 * The first thing `stack doctor` does, before its large bundle (fast-doctor.cjs) is read
 * and compiled: glance at stack.yaml and start git for a foreign process's scan
 * (doctor/scan-ahead.ts), so that git's stat pass has the second core while this one
 * loads doctor. bin/stack.js requires this small file (dist/bundle/cli/doctor-ahead.cjs);
 * the listings wait on globalThis for the scan (runtime/sources/git-listing.ts). Anything
 * unexpected is left to doctor itself, which says what is wrong.
 */
import { findConfigFile } from '../config/find.js';
import { scanAhead } from '../doctor/scan-ahead.js';
import { projectPaths } from '../project-dir.js';
import { doctorArgs } from './doctor-args.js';

export async function doctorAhead(args: readonly string[]): Promise<void> {
  const parsed = doctorArgs(args);
  if (parsed === null || (parsed.options.staged && parsed.options.fix)) return;
  try {
    await scanAhead(projectPaths(findConfigFile({ file: parsed.file, cwd: process.cwd(), env: process.env })));
  } catch {
    // No stack.yaml, or one that cannot be read: doctor reports it.
  }
}
