/**
 * The fast lane (fs.watch of each directory, within a budget the whole daemon shares) and
 * the watcher's use of it: a change heard by both lanes is reported once.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FastLane, RECENT_DIRS, fastLaneBudget } from '../../../../src/runtime/sources/fast-lane.js';
import { watchSources, type SourceChange, type SourceWatcher } from '../../../../src/runtime/sources/watcher.js';
import { makeTree, waitFor } from './helpers.js';

const lanes: FastLane[] = [];
const watchers: SourceWatcher[] = [];
afterEach(async () => {
  for (const lane of lanes.splice(0)) lane.close();
  await Promise.all(watchers.splice(0).map((w) => w.close()));
});

function lane(): { lane: FastLane; heard: { file: string; appeared: boolean }[] } {
  const heard: { file: string; appeared: boolean }[] = [];
  const made = new FastLane((file, appeared) => heard.push({ file, appeared }));
  lanes.push(made);
  return { lane: made, heard };
}

/** `count` empty directories under a new tree. */
function dirs(count: number): { root: string; dirs: string[] } {
  const root = makeTree();
  const made = Array.from({ length: count }, (_, i) => path.join(root, `d${i}`));
  for (const dir of made) mkdirSync(dir);
  return { root, dirs: made };
}

describe.runIf(process.platform === 'linux')('FastLane', () => {
  it('hears a file written, and one made, in a directory it watches', async () => {
    const root = makeTree({ 'src/app.js': 'v1' });
    const { lane: fast, heard } = lane();
    expect(fast.watchAll([root, path.join(root, 'src')])).toBe(true);
    writeFileSync(path.join(root, 'src/app.js'), 'v2');
    await waitFor(() => heard.find((h) => h.file === path.join(root, 'src/app.js') && !h.appeared), 'the write');
    writeFileSync(path.join(root, 'src/new.js'), 'x');
    await waitFor(() => heard.find((h) => h.file === path.join(root, 'src/new.js') && h.appeared), 'the new file');
  });

  it('watches nothing of a tree larger than what is left of the budget', () => {
    const { limit, used } = fastLaneBudget();
    const tree = dirs(limit - used + 1);
    const { lane: fast } = lane();
    expect(fast.watchAll(tree.dirs)).toBe(false);
    expect(fast.wholeTree).toBe(false);
    expect(tree.dirs.some((d) => fast.covers(d))).toBe(false);
    expect(fastLaneBudget().used).toBe(used);
  });

  it('over the budget, watches the directories where changes were seen lately, at most RECENT_DIRS', () => {
    const tree = dirs(RECENT_DIRS + 1);
    const { lane: fast } = lane();
    for (const dir of tree.dirs) fast.addRecent(dir);
    expect(fast.covers(tree.dirs[0]!)).toBe(false);
    expect(tree.dirs.slice(1).every((d) => fast.covers(d))).toBe(true);
    fast.close();
    expect(tree.dirs.some((d) => fast.covers(d))).toBe(false);
  });

  it('lets go of a directory renamed away (its watch would report the old paths)', async () => {
    const root = makeTree({ 'lib/a.js': 'x' });
    const lib = path.join(root, 'lib');
    const { lane: fast, heard } = lane();
    fast.watchAll([root, lib]);
    renameSync(lib, path.join(root, 'lib2'));
    await waitFor(() => heard.find((h) => h.file === path.join(root, 'lib2')), 'the rename, heard in the parent');
    await waitFor(() => !fast.covers(lib), 'the watch of lib closed');
  });
});

describe.runIf(process.platform === 'linux')('SourceWatcher with its fast lane', () => {
  it('reports a change once, though both lanes hear it', async () => {
    // Leave the budget one directory short of this tree: the watcher then watches the
    // directory of the first change it hears (from @parcel/watcher) in its fast lane.
    const cwd = makeTree({ 'a.js': 'x', 'sub/b.js': 'v1' });
    const { limit, used } = fastLaneBudget();
    const hog = lane().lane;
    expect(hog.watchAll(dirs(limit - used - 1).dirs)).toBe(true);
    const changes: SourceChange[] = [];
    const watcher = await watchSources(cwd, ['**'], (change) => changes.push(change));
    watchers.push(watcher);
    const reportsOf = (file: string) => changes.filter((c) => c.path === file);

    // a.js's directory gets no fast watch (the budget is spent): @parcel/watcher alone
    // reports it, after whatever it had to say before.
    let controls = 0;
    const control = async (): Promise<void> => {
      writeFileSync(path.join(cwd, 'a.js'), `control ${++controls}`);
      await waitFor(() => reportsOf('a.js').length === controls, `control write ${controls}, which only @parcel/watcher reports`);
    };

    writeFileSync(path.join(cwd, 'sub/b.js'), 'v2');
    await waitFor(() => reportsOf('sub/b.js').length > 0, 'the first change, from @parcel/watcher');
    await control();
    const before = reportsOf('sub/b.js').length;
    writeFileSync(path.join(cwd, 'sub/b.js'), 'v3, a different size');
    await waitFor(() => reportsOf('sub/b.js').length > before, 'the second change, from the fast lane');
    await control();
    expect(reportsOf('sub/b.js')).toHaveLength(before + 1);
  });
});
