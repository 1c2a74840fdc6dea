// The README's config reference is checked against the schema the CLI validates with:
// a key added to stack.yaml's format without documentation fails here.
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

// `key` or `key: value` in backticks.
const documented = (key: string): boolean => readme.includes(`\`${key}\``) || readme.includes(`\`${key}:`);

describe('README config reference', () => {
  it.each([
    ['top level', Object.keys(schema.properties!)],
    ['service', Object.keys(service.properties!)],
    ['health', Object.keys(service.properties!.health!.properties!)],
    ['logs', Object.keys(schema.properties!.logs!.properties!)],
  ])('documents every %s key', (_where, keys) => {
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.filter((k) => !documented(k))).toEqual([]);
  });

  it('starts with the two commands and names the test command', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1]!;
    expect(firstBlock.trim().split('\n')).toEqual(['npm install', 'npx stack up']);
    expect(readme).toMatch(/```sh\nnpm test\n```/);
  });
});
