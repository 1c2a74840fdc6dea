import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { createSourceMatcher } from '../../../../src/runtime/sources/matcher.js';
import { makeTree } from './helpers.js';

describe('createSourceMatcher', () => {
  it('watches everything under cwd by default, dotfiles included', () => {
    const cwd = makeTree({ 'src/a.ts': '', '.env': '', 'src/.hidden/b.ts': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(cwd, 'src/a.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, '.env'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/.hidden/b.ts'))).toBe(true);
    expect(m.isIgnoredDir(path.join(cwd, 'src/.hidden'))).toBe(false);
  });

  it('never watches node_modules, .git or .stack, at any depth', () => {
    const cwd = makeTree({ 'node_modules/x/index.js': '', 'pkg/node_modules/y.js': '', '.git/HEAD': '', '.stack/logs/api.log': '' });
    const m = createSourceMatcher(cwd, ['**']);
    for (const dir of ['node_modules', 'pkg/node_modules', '.git', '.stack', 'node_modules/x']) {
      expect(m.isIgnoredDir(path.join(cwd, dir)), dir).toBe(true);
    }
    expect(m.isWatched(path.join(cwd, 'node_modules/x/index.js'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'pkg/node_modules/y.js'))).toBe(false);
    expect(m.isWatched(path.join(cwd, '.stack/logs/api.log'))).toBe(false);
  });

  it('never watches what a server writes for itself (logs, pid files, databases, Redis files) nor editors\' swap files, whatever the globs say', () => {
    const files = ['app.log', 'data/dev.sqlite', 'redis.pid', 'dump.rdb', 'appendonlydir/appendonly.aof.manifest', 'src/.a.ts.swp', 'src/a.ts~'];
    const cwd = makeTree({ ...Object.fromEntries(files.map((f) => [f, ''])), 'src/db.ts': '' });
    const m = createSourceMatcher(cwd, ['**', 'data/*.sqlite']);
    for (const file of files) {
      expect(m.isWatched(path.join(cwd, file)), file).toBe(false);
    }
    for (const dir of ['appendonlydir', 'pkg/__pycache__', '.next', 'web/.next/cache', '.venv']) expect(m.isIgnoredDir(path.join(cwd, dir)), dir).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/db.ts'))).toBe(true);
  });

  it('never enters a database server\'s data directory (Postgres, MySQL, MongoDB), known by its marker file, but watches Postgres\'s config files in it', () => {
    const cwd = makeTree({
      'pgdata/PG_VERSION': '16\n',
      'pgdata/postgresql.conf': '',
      'pgdata/postgresql.auto.conf': '',
      'pgdata/pg_hba.conf': '',
      'pgdata/pg_ident.conf': '',
      'pgdata/postmaster.opts': '',
      'pgdata/base/1/PG_VERSION': '16\n',
      'pgdata/base/1/1259': '',
      'pgdata/conf.d/extra.conf': '',
      'mysql/ibdata1': '',
      'mysql/app/t.ibd': '',
      'mongo/WiredTiger': '',
      'mongo/collection-0.wt': '',
      'src/base/1259.ts': '',
      'src/postgresql.conf': '',
    });
    const m = createSourceMatcher(cwd, ['**']);
    for (const dir of ['pgdata/base', 'pgdata/base/1', 'pgdata/conf.d', 'mysql', 'mysql/app', 'mongo']) expect(m.isIgnoredDir(path.join(cwd, dir)), dir).toBe(true);
    expect(m.isIgnoredDir(path.join(cwd, 'pgdata'))).toBe(false);
    const watched = (file: string) => m.isWatched(path.join(cwd, file));
    for (const file of ['pgdata/PG_VERSION', 'pgdata/postmaster.opts', 'pgdata/postmaster.pid', 'pgdata/base/1/1259', 'pgdata/conf.d/extra.conf', 'mysql/ibdata1', 'mysql/app/t.ibd', 'mongo/collection-0.wt']) {
      expect(watched(file), file).toBe(false);
    }
    for (const file of ['pgdata/postgresql.conf', 'pgdata/postgresql.auto.conf', 'pgdata/pg_hba.conf', 'pgdata/pg_ident.conf', 'src/base/1259.ts', 'src/postgresql.conf']) {
      expect(watched(file), file).toBe(true);
    }
    // The watch globs and .gitignore still decide about the config files.
    expect(createSourceMatcher(cwd, ['src/**']).isWatched(path.join(cwd, 'pgdata/postgresql.conf'))).toBe(false);
  });

  it('a data directory made while watched (initdb in the command) is known once its marker is seen', () => {
    const cwd = makeTree({ 'pgdata/global/.keep': '', 'src/a.ts': '' });
    const m = createSourceMatcher(cwd, ['**']);
    const at = (rel: string) => path.join(cwd, rel);
    expect(m.isIgnoredDir(at('pgdata'))).toBe(false);
    expect(m.isIgnoredDir(at('pgdata/global'))).toBe(false);
    writeFileSync(at('pgdata/PG_VERSION'), '15\n');
    expect(m.isWatched(at('pgdata/PG_VERSION'))).toBe(false);
    expect(m.isWatched(at('pgdata/global/1262'))).toBe(false);
    expect(m.isIgnoredDir(at('pgdata/global'))).toBe(true);
    expect(m.isWatched(at('pgdata/postgresql.conf'))).toBe(true);
    expect(m.isWatched(at('src/a.ts'))).toBe(true);
  });

  it('a cwd that is itself a Postgres data directory: only its config files are sources', () => {
    const cwd = makeTree({ 'PG_VERSION': '16\n', 'postgresql.conf': '', 'postmaster.opts': '', 'global/pg_control': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(cwd, 'postgresql.conf'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'postmaster.opts'))).toBe(false);
    expect(m.isIgnoredDir(path.join(cwd, 'global'))).toBe(true);
    expect(m.isIgnoredDir(cwd)).toBe(false);
  });

  it('matches the watch globs relative to cwd and prunes directories they cannot reach', () => {
    const cwd = makeTree({ 'src/a.ts': '', 'src/deep/b.ts': '', 'docs/c.md': '', 'package.json': '', 'README.md': '' });
    const m = createSourceMatcher(cwd, ['src/**', 'package.json']);
    expect(m.isWatched(path.join(cwd, 'src/deep/b.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'package.json'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'README.md'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'docs/c.md'))).toBe(false);
    expect(m.isIgnoredDir(path.join(cwd, 'docs'))).toBe(true);
    expect(m.isIgnoredDir(path.join(cwd, 'src/deep'))).toBe(false);
  });

  it('keeps the directories on the way to a deep glob base', () => {
    const cwd = makeTree({ 'app/server/routes/a.ts': '', 'app/client/b.ts': '' });
    const m = createSourceMatcher(cwd, ['app/server/**/*.ts']);
    expect(m.isIgnoredDir(path.join(cwd, 'app'))).toBe(false);
    expect(m.isIgnoredDir(path.join(cwd, 'app/client'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'app/server/routes/a.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'app/client/b.ts'))).toBe(false);
  });

  it('reads a bare directory name as everything in it, and ! globs as exclusions', () => {
    const cwd = makeTree({ 'src/a.ts': '', 'src/gen/b.ts': '', 'src/a.test.ts': '' });
    const m = createSourceMatcher(cwd, ['./src/', '!src/gen', '!**/*.test.ts']);
    expect(m.isWatched(path.join(cwd, 'src/a.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/gen/b.ts'))).toBe(false);
    expect(m.isIgnoredDir(path.join(cwd, 'src/gen'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/a.test.ts'))).toBe(false);
  });

  it('honours .gitignore, nested .gitignore files and a negation', () => {
    const cwd = makeTree({
      '.gitignore': 'dist/\n*.tmp\n',
      'logs/.gitignore': '!keep.tmp\n',
      'logs/keep.tmp': '',
      'logs/other.tmp': '',
      'app.tmp': '',
      'dist/bundle.js': '',
      'src/.gitignore': 'generated.ts\n',
      'src/generated.ts': '',
      'src/index.ts': '',
    });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isIgnoredDir(path.join(cwd, 'dist'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'dist/bundle.js'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'app.tmp'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'logs/other.tmp'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'logs/keep.tmp'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/generated.ts'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'src/index.ts'))).toBe(true);
  });

  it('lets a nested .gitignore re-include a directory an outer one excludes, files and all', () => {
    // git asks each .gitignore about the path itself: the root's `foo` matches the
    // directory sub/foo, which sub/.gitignore re-includes, and never sub/foo/a.js.
    const cwd = makeTree({ '.gitignore': 'foo\n', 'sub/.gitignore': '!foo/\n', 'sub/foo/a.js': '', 'foo/b.js': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isIgnoredDir(path.join(cwd, 'foo'))).toBe(true);
    expect(m.isIgnoredDir(path.join(cwd, 'sub/foo'))).toBe(false);
    expect(m.isWatched(path.join(cwd, 'sub/foo/a.js'))).toBe(true);
  });

  it('applies a directory-only rule to directories, not to a file of that name', () => {
    const cwd = makeTree({ '.gitignore': 'build/\n', 'build/out.js': '', 'src/build': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isIgnoredDir(path.join(cwd, 'build'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'src/build'))).toBe(true);
  });

  it('uses the rules of the git repository that holds cwd', () => {
    const repo = makeTree({ '.gitignore': '*.tmp\n/services/api/cache/\n', 'services/api/src/a.ts': '', 'services/api/x.tmp': '', 'services/api/cache/c.json': '' });
    mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'services/api');
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(cwd, 'src/a.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'x.tmp'))).toBe(false);
    expect(m.isIgnoredDir(path.join(cwd, 'cache'))).toBe(true);
  });

  it('does not apply a repository rule that ignores cwd itself', () => {
    const repo = makeTree({ '.gitignore': 'sandbox/\n*.tmp\n', 'sandbox/app/a.ts': '', 'sandbox/app/b.tmp': '' });
    mkdirSync(path.join(repo, '.git'));
    const cwd = path.join(repo, 'sandbox/app');
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(cwd, 'a.ts'))).toBe(true);
    expect(m.isWatched(path.join(cwd, 'b.tmp'))).toBe(true);
  });

  it('knows nothing outside cwd', () => {
    const cwd = makeTree({ 'a.ts': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(path.dirname(cwd), 'elsewhere.ts'))).toBe(false);
    expect(m.isWatched(`${cwd}-sibling/a.ts`)).toBe(false);
    expect(m.isIgnoredDir(path.dirname(cwd))).toBe(true);
    expect(m.isIgnoredDir(cwd)).toBe(false);
    expect(m.isIgnoredDir(`${cwd}${path.sep}`)).toBe(false);
  });

  it('sees an edited .gitignore after reset()', () => {
    const cwd = makeTree({ 'a.ts': '', '.gitignore': '' });
    const m = createSourceMatcher(cwd, ['**']);
    expect(m.isWatched(path.join(cwd, 'a.ts'))).toBe(true);
    writeFileSync(path.join(cwd, '.gitignore'), 'a.ts\n');
    m.reset();
    expect(m.isWatched(path.join(cwd, 'a.ts'))).toBe(false);
  });
});
