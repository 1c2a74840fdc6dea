// The facts stale-build compares, from a real tree.
import { describe, expect, it } from 'vitest';
import { buildFacts } from '../../../../src/runtime/sources/build-outputs.js';
import { makeTree, setMtime } from './helpers.js';

describe('buildFacts', () => {
  it('finds outputs by their globs even when .gitignore\'d, and never counts them as sources', async () => {
    const root = makeTree({
      '.gitignore': 'dist/\n',
      'src/a.ts': 'a',
      'src/b.ts': 'b',
      'dist/a.js': 'a',
      'dist/nested/b.js': 'b',
      'node_modules/x/dist/c.js': 'dep',
      'README.md': 'docs',
    });
    setMtime(root, 'src/a.ts', 1_000_000);
    setMtime(root, 'src/b.ts', 3_000_000);
    setMtime(root, 'README.md', 2_000_000);
    setMtime(root, '.gitignore', 2_000_000);
    setMtime(root, 'dist/a.js', 2_500_000);
    setMtime(root, 'dist/nested/b.js', 4_000_000);
    setMtime(root, 'node_modules/x/dist/c.js', 1);
    const facts = await buildFacts(root, ['src/**'], ['dist/**']);
    expect(facts).toEqual({ outputs: 2, oldestOutput: { path: 'dist/a.js', mtimeMs: 2_500_000 }, newestSource: { path: 'src/b.ts', mtimeMs: 3_000_000 } });
    // With the default watch (everything), outputs are still not sources.
    const all = await buildFacts(root, ['**'], ['dist']);
    expect(all.newestSource).toEqual({ path: 'src/b.ts', mtimeMs: 3_000_000 });
    expect(all.outputs).toBe(2);
  });

  it('says when nothing matches the outputs', async () => {
    const root = makeTree({ 'src/a.ts': 'a' });
    expect(await buildFacts(root, ['**'], ['dist/**'])).toMatchObject({ outputs: 0, oldestOutput: null });
  });
});
