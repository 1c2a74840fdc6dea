/** The sample files of test/fixtures/init/, read as the translators' input. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const INIT_FIXTURES = fileURLToPath(new URL('../../fixtures/init', import.meta.url));

export function fixturePath(...parts: string[]): string {
  return path.join(INIT_FIXTURES, ...parts);
}

export function fixtureText(...parts: string[]): string {
  return fs.readFileSync(fixturePath(...parts), 'utf8');
}

export function fixtureYaml(...parts: string[]): Record<string, unknown> {
  return parse(fixtureText(...parts), { merge: true }) as Record<string, unknown>;
}
