/**
 * module.register hooks for record-loads.cjs on Node without module.registerHooks: they run
 * on Node's loader thread and append each ES module file loaded to the same
 * `<pid>.list` (O_APPEND: lines from both threads never mix).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let list: string | undefined;
const seen = new Set<string>();

export function initialize(data: { dir?: string } | undefined): void {
  if (data?.dir) list = path.join(data.dir, `${process.pid}.list`);
}

export async function load(url: string, context: unknown, next: (url: string, context: unknown) => Promise<unknown>): Promise<unknown> {
  if (list && url.startsWith('file:') && !seen.has(url)) {
    seen.add(url);
    try {
      fs.appendFileSync(list, `${fileURLToPath(url)}\n`);
    } catch {
      // nothing to tell
    }
  }
  return next(url, context);
}
