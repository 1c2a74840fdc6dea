// The README's config reference is checked against the schema the CLI validates with:
// a key added to stack.yaml's format without a row in the reference table (or, for the
// health and logs settings, a mention in their row) fails here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../src/config/index.js';

interface Schema {
  properties?: Record<string, Schema>;
  additionalProperties?: Schema;
}

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const schema = configJsonSchema() as Schema;
const service = schema.properties!.services!.additionalProperties!;

interface Row {
  /** The keys a row documents: every `key` in backticks in its first cell. */
  keys: string[];
  meaning: string;
}

/** The `| key | meaning |` table of the README's "## stack.yaml" section, row by row. */
function referenceRows(): Row[] {
  const section = /^## stack\.yaml\n([\s\S]*?)^## /m.exec(readme)?.[1] ?? '';
  const table = /^\| key \| meaning \|\n\|[-|]+\|\n((?:\|.*\n)+)/m.exec(section)?.[1] ?? '';
  return table
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [, first = '', meaning = ''] = /^\|([^|]*)\|(.*)\|$/.exec(line) ?? [];
      return { keys: [...first.matchAll(/`([^`]+)`/g)].map((m) => m[1]!), meaning };
    });
}

const rows = referenceRows();
// The table lists the top-level keys first, up to `services`; the rows after it are per service.
const servicesRow = rows.findIndex((r) => r.keys.includes('services'));
const topLevelKeys = rows.slice(0, servicesRow + 1).flatMap((r) => r.keys);
const serviceKeys = rows.slice(servicesRow + 1).flatMap((r) => r.keys);
const meaningOf = (key: string): string => rows.slice(servicesRow + 1).find((r) => r.keys.includes(key))?.meaning ?? '';
const logsMeaning = rows.slice(0, servicesRow).find((r) => r.keys.includes('logs'))?.meaning ?? '';

// `key` or `key: value` in backticks, inside one row's text.
const mentions = (text: string, key: string): boolean => text.includes(`\`${key}\``) || text.includes(`\`${key}:`);

describe('README config reference', () => {
  it('has the reference table, top-level keys first, then the service keys', () => {
    expect(servicesRow).toBeGreaterThan(0);
    expect(serviceKeys.length).toBeGreaterThan(0);
  });

  it('has a row for every top-level key', () => {
    expect(Object.keys(schema.properties!).filter((k) => !topLevelKeys.includes(k))).toEqual([]);
  });

  it('has a row for every service key', () => {
    expect(Object.keys(service.properties!).filter((k) => !serviceKeys.includes(k))).toEqual([]);
  });

  it.each([
    ['health', () => meaningOf('health'), Object.keys(service.properties!.health!.properties!)],
    ['logs', () => logsMeaning, Object.keys(schema.properties!.logs!.properties!)],
  ])('names every %s setting in its row', (_where, row, keys) => {
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !mentions(row(), k))).toEqual([]);
  });

  it('documents no key the schema does not have', () => {
    const known = new Set([...Object.keys(schema.properties!), ...Object.keys(service.properties!)]);
    expect(rows.flatMap((r) => r.keys).filter((k) => !known.has(k))).toEqual([]);
  });

  it('starts with the two commands and names the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock.trim().split('\n')).toEqual(['npm install', 'npx stack up']);
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });
});
