import { renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ChokidarWatcher } from '../../../../src/runtime/sources/watcher-chokidar.js';
import { watchSources, type SourceChange, type SourceWatcher } from '../../../../src/runtime/sources/watcher.js';
import { makeTree, sleep, waitFor, writeTree } from './helpers.js';

const watchers: SourceWatcher[] = [];

afterEach(async () => {
  await Promise.all(watchers.splice(0).map((w) => w.close()));
});

/** A watcher over `cwd` that records what it reports. */
async function watching(cwd: string, globs = ['**']) {
  const changes: SourceChange[] = [];
  const errors: Error[] = [];
  const watcher = await watchSources(cwd, globs, (change) => changes.push(change), { onError: (e) => errors.push(e) });
  watchers.push(watcher);
  const seen = (file: string, event?: SourceChange['event']) =>
    changes.find((c) => c.path === file && (event === undefined || c.event === event));
  return { watcher, changes, errors, seen };
}

/**
 * Writes a file that *is* watched and waits for it: events arrive in order, so anything
 * written before it that was going to be reported has been by then.
 */
async function settle(cwd: string, seen: (file: string) => SourceChange | undefined, name = `control-${Date.now()}.ts`) {
  writeFileSync(path.join(cwd, name), 'x');
  await waitFor(() => seen(name), `the control write ${name}`);
  await sleep(150);
}

describe('SourceWatcher', () => {
  it('reports a change to an existing file, with its mtime and cwd-relative path', async () => {
    const cwd = makeTree({ 'src/app.ts': 'v1' });
    const { seen } = await watching(cwd);
    writeFileSync(path.join(cwd, 'src/app.ts'), 'v2');
    const change = await waitFor(() => seen('src/app.ts', 'change'), 'the change');
    expect(change.mtimeMs).toBe(statSync(path.join(cwd, 'src/app.ts')).mtimeMs);
  });

  it('reports an editor-style save (write a temp file, rename it over the original)', async () => {
    const cwd = makeTree({ 'src/app.ts': 'v1' });
    const { seen } = await watching(cwd);
    writeFileSync(path.join(cwd, 'src/.app.ts.swp-new'), 'v2');
    renameSync(path.join(cwd, 'src/.app.ts.swp-new'), path.join(cwd, 'src/app.ts'));
    await waitFor(() => seen('src/app.ts', 'change') ?? seen('src/app.ts', 'add'), 'the save');
  });

  it('hands an exception from onChange to onError and keeps watching', async () => {
    const cwd = makeTree({ 'a.ts': '', 'b.ts': '' });
    const errors: Error[] = [];
    const changes: string[] = [];
    const watcher = await watchSources(
      cwd,
      ['**'],
      (change) => {
        if (change.path === 'a.ts') throw new Error('handler bug');
        changes.push(change.path);
      },
      { onError: (e) => errors.push(e) },
    );
    watchers.push(watcher);
    writeFileSync(path.join(cwd, 'a.ts'), 'x');
    await waitFor(() => errors.length > 0, 'the error');
    expect(errors[0]?.message).toBe('handler bug');
    writeFileSync(path.join(cwd, 'b.ts'), 'x');
    await waitFor(() => changes.includes('b.ts'), 'the next change');
  });

  it('reports added files, in new directories too, and deletions', async () => {
    const cwd = makeTree({ 'src/old.ts': '' });
    const { seen } = await watching(cwd);
    writeTree(cwd, { 'src/routes/post.ts': 'export {}' });
    await waitFor(() => seen('src/routes/post.ts', 'add'), 'the add in a new directory');
    const before = Date.now();
    unlinkSync(path.join(cwd, 'src/old.ts'));
    const removed = await waitFor(() => seen('src/old.ts', 'unlink'), 'the unlink');
    expect(removed.mtimeMs).toBeGreaterThanOrEqual(before);
  });

  it('says nothing about ignored files, node_modules, .stack or files outside the globs', async () => {
    const cwd = makeTree({ '.gitignore': '*.log\ndist/\n', 'src/a.ts': '', 'node_modules/dep/index.js': '', 'dist/': '', 'docs/': '' });
    const { changes, seen } = await watching(cwd, ['src/**', '*.ts', '*.log']);
    writeTree(cwd, {
      'server.log': 'noise',
      'node_modules/dep/index.js': 'changed',
      'node_modules/new-dep/index.js': 'added',
      '.stack/logs/api.log': 'log line',
      'dist/out.js': 'built',
      'docs/readme.md': 'docs',
    });
    await settle(cwd, seen);
    expect(changes.map((c) => c.path).filter((p) => !p.startsWith('control-'))).toEqual([]);
  });

  it('the chokidar fallback never enters pruned directories', async () => {
    const cwd = makeTree({ '.gitignore': 'dist/\n', 'src/a.ts': '', 'node_modules/dep/lib/index.js': '', 'dist/x/out.js': '', '.stack/logs/': '', 'docs/d.md': '' });
    const watcher = await ChokidarWatcher.start(cwd, ['src/**', '.gitignore'], () => {});
    watchers.push(watcher);
    expect(watcher.watchedDirectories()).toEqual(['', 'src']);
  });

  it('keeps going when a watched directory disappears', async () => {
    const cwd = makeTree({ 'src/gone/a.ts': '', 'src/kept.ts': '' });
    const { seen, errors } = await watching(cwd);
    rmSync(path.join(cwd, 'src/gone'), { recursive: true });
    await waitFor(() => seen('src/gone/a.ts', 'unlink'), 'the unlink of a file in the removed directory');
    writeFileSync(path.join(cwd, 'src/kept.ts'), 'still watched');
    await waitFor(() => seen('src/kept.ts', 'change'), 'a change after the removal');
    expect(errors).toEqual([]);
  });

  it('survives its whole cwd being removed', async () => {
    const cwd = makeTree({ 'a.ts': '' });
    const { watcher, errors } = await watching(cwd);
    rmSync(cwd, { recursive: true });
    await sleep(200);
    await watcher.close();
    expect(errors).toEqual([]);
  });

  it('reports nothing after close()', async () => {
    const cwd = makeTree({ 'a.ts': '' });
    const { watcher, changes, seen } = await watching(cwd);
    await settle(cwd, seen);
    await watcher.close();
    const count = changes.length;
    writeFileSync(path.join(cwd, 'a.ts'), 'after close');
    writeFileSync(path.join(cwd, 'b.ts'), 'after close');
    await sleep(300);
    expect(changes.length).toBe(count);
  });
});
