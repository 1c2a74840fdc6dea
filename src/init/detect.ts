/**
 * Which files `stack init` can start from, and which one it uses. One file per kind, in
 * the order the kind's own tool looks for them; among kinds, a Procfile wins (it lists
 * exactly the processes to run on this machine), then a compose file, then package.json
 * (nearly every JavaScript project has one, also beside the others).
 */
import type { Source } from './draft.js';

export const SOURCE_FILES: Readonly<Record<Source, readonly string[]>> = {
  procfile: ['Procfile.dev', 'Procfile'],
  // The order `docker compose` itself prefers them in.
  compose: ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'],
  package: ['package.json'],
};

export const SOURCES = Object.keys(SOURCE_FILES) as Source[];

export interface Found {
  source: Source;
  file: string;
  /** Other files of the same kind that were passed over. */
  passedOver: string[];
}

export function detectSources(exists: (file: string) => boolean): Found[] {
  return SOURCES.flatMap((source): Found[] => {
    const files = SOURCE_FILES[source].filter(exists);
    return files.length === 0 ? [] : [{ source, file: files[0]!, passedOver: files.slice(1) }];
  });
}

export type Choice = { ok: true; found: Found; says: string } | { ok: false; message: string; hint: string };

/** The source to use (`--from`, else the first found) and the sentence that says so. */
export function chooseSource(found: readonly Found[], from: Source | undefined): Choice {
  if (from !== undefined) {
    const match = found.find((f) => f.source === from);
    if (!match) {
      return {
        ok: false,
        message: `--from ${from}: there is no ${orList(SOURCE_FILES[from])} in this directory`,
        hint: found.length > 0 ? `found ${found.map((f) => f.file).join(', ')}: try --from ${found[0]!.source}` : 'run stack init where the project\'s Procfile, compose file or package.json is',
      };
    }
    return { ok: true, found: match, says: `Read ${match.file} (--from ${from}).` };
  }
  const [first, ...others] = found;
  if (!first) {
    return {
      ok: false,
      message: 'found nothing to start from: no Procfile, compose.yaml, docker-compose.yml or package.json in this directory',
      hint: 'write a stack.yaml by hand (see the README), or run stack init in the directory that has one of those',
    };
  }
  const passed = first.passedOver.length > 0 ? ` (not ${first.passedOver.join(', ')})` : '';
  if (others.length === 0) return { ok: true, found: first, says: `Read ${first.file}${passed}.` };
  const rest = others.map((o) => `--from ${o.source} for ${o.file}`).join(', ');
  return { ok: true, found: first, says: `Found ${found.map((f) => f.file).join(', ')}; read ${first.file}${passed} (${rest}).` };
}

function orList(items: readonly string[]): string {
  return items.length === 1 ? items[0]! : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
