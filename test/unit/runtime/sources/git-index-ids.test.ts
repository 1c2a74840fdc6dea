/**
 * git's index read without git: every index version git writes, checked against what git
 * itself lists (`git ls-files --stage`), and the indexes it must leave to git.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readIndexEntries } from '../../../../src/runtime/sources/git-index-ids.js';
import { makeTree } from './helpers.js';

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** A repository with a committed tree, a staged change, a new staged file and names sharing prefixes (for v4). */
function repository(): string {
  const files: Record<string, string> = { 'a.js': 'a', 'src/app.js': 'app', 'src/app.test.js': 'test', 'src/lib/deep/x.js': 'x', 'é ü.js': 'unicode' };
  for (let i = 0; i < 30; i++) files[`src/generated/file-${i}.js`] = `// ${i}\n`;
  // In v4 the next name strips more than 127 bytes of this one: a two-byte varint.
  files[`p/${'long-name-'.repeat(20)}.js`] = 'long';
  files['q.js'] = 'q';
  const dir = makeTree(files);
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'init');
  execFileSync('sh', ['-c', 'echo changed > src/app.js && echo new > src/new.js && git add src/app.js src/new.js'], { cwd: dir });
  return dir;
}

/** What git says the index holds at stage 0: path → blob id. */
function stageZero(dir: string): Map<string, string> {
  const listed = new Map<string, string>();
  for (const line of git(dir, '-c', 'core.quotePath=false', 'ls-files', '--stage').split('\n')) {
    const match = /^\d+ ([0-9a-f]+) (\d)\t(.+)$/.exec(line);
    if (match && match[2] === '0') listed.set(match[3]!, match[1]!);
  }
  return listed;
}

function readAll(dir: string, extra: string[] = []): Map<string, string | null> | null {
  const names = [...stageZero(dir).keys(), ...extra];
  return readIndexEntries(path.join(dir, '.git', 'index'), names);
}

describe.runIf(process.platform !== 'win32')('readIndexEntries', () => {
  it.each([2, 3, 4])('reads index version %i as git lists it; a path it does not hold is null', (version) => {
    const dir = repository();
    git(dir, 'update-index', '--index-version', String(version));
    const read = readAll(dir, ['not/tracked.js']);
    expect(read).not.toBeNull();
    expect(read!.get('not/tracked.js')).toBeNull();
    read!.delete('not/tracked.js');
    expect(read).toEqual(stageZero(dir));
  });

  it('reads an entry with extended flags (git add -N), and skips a conflict\'s stages 1–3', () => {
    const dir = repository();
    execFileSync('sh', ['-c', 'echo later > later.js && git add -N later.js'], { cwd: dir });
    git(dir, 'commit', '-qam', 'second');
    git(dir, 'checkout', '-qb', 'other');
    execFileSync('sh', ['-c', 'echo one > a.js && git commit -qam one'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    git(dir, 'checkout', '-q', '-');
    execFileSync('sh', ['-c', 'echo two > a.js && git commit -qam two && (git merge -q other || true)'], { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@e', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@e' } });
    expect(git(dir, 'ls-files', '--unmerged')).toMatch(/a\.js/);
    const read = readAll(dir, ['a.js']);
    expect(read).not.toBeNull();
    expect(read!.get('a.js')).toBeNull();
    read!.delete('a.js');
    expect(read).toEqual(stageZero(dir));
  });

  it('leaves to git an index it cannot be sure of: split, with a bad checksum, or none', () => {
    const dir = repository();
    git(dir, 'update-index', '--split-index');
    expect(readAll(dir)).toBeNull();
    git(dir, 'update-index', '--no-split-index');
    expect(readAll(dir)).not.toBeNull();
    execFileSync('sh', ['-c', 'printf x >> .git/index'], { cwd: dir });
    expect(readAll(dir)).toBeNull();
    expect(readIndexEntries(path.join(dir, 'no-such-index'), ['a.js'])).toBeNull();
  });
});
