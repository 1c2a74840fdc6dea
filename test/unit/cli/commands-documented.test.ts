// Every command the CLI registers has its row in the README's command reference and in
// docs/DESIGN.md §2 (the contract): a command added without them fails here.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { buildProgram } from '../../../src/cli/main.js';

const read = (file: string): string => readFileSync(new URL(`../../../${file}`, import.meta.url), 'utf8');
const rowsOf = (text: string): string[] => [...text.matchAll(/^\| `stack ([a-z]+)/gm)].map((m) => m[1]!);

it.each(['README.md', 'docs/DESIGN.md'])('%s has a row for every command', (file) => {
  const documented = new Set(rowsOf(read(file)));
  const commands = buildProgram().commands.map((c) => c.name());
  expect(commands.filter((c) => !documented.has(c))).toEqual([]);
});
