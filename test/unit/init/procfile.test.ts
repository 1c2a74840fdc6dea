// The Procfile translator: foreman's format (comments, blank lines, spacing) and its port numbering.
import { describe, expect, it } from 'vitest';
import { parseProcfile, translateProcfile } from '../../../src/init/procfile.js';
import { fixtureText } from './helpers.js';

describe('parseProcfile', () => {
  it.each<[string, string, Array<[string, string]>, number[]]>([
    ['one entry', 'web: node server.js', [['web', 'node server.js']], []],
    ['comments and blank lines', '# a comment\n\nweb: node a.js\n   # indented comment\n', [['web', 'node a.js']], []],
    ['spaces after the colon and CRLF', 'web:    node a.js  \r\nworker:node b.js\r\n', [['web', 'node a.js'], ['worker', 'node b.js']], []],
    ['a command with colons', 'web: bin/run --bind 0.0.0.0:$PORT', [['web', 'bin/run --bind 0.0.0.0:$PORT']], []],
    ['a line that is not an entry', 'web: a\nnot an entry\nweb dev: b', [['web', 'a']], [2, 3]],
    ['a byte order mark', '\uFEFFweb: a', [['web', 'a']], []],
  ])('%s', (_label, text, entries, skippedLines) => {
    const parsed = parseProcfile(text);
    expect(parsed.entries.map((e) => [e.type, e.command])).toEqual(entries);
    expect(parsed.skipped.map((s) => s.line)).toEqual(skippedLines);
  });
});

describe('translateProcfile', () => {
  const translate = (text: string, extra: { hasEnvFile?: boolean; basePort?: number } = {}) =>
    translateProcfile({ parsed: parseProcfile(text), file: 'Procfile', hasEnvFile: extra.hasEnvFile ?? false, ...(extra.basePort ? { basePort: extra.basePort } : {}) });

  it.each<[string, string, Record<string, number | undefined>]>([
    ['$PORT gets foreman\'s 5000', 'web: node s.js --port $PORT', { web: 5000 }],
    ['${PORT} counts too, numbered by line', 'worker: node w.js\nweb: node s.js --port ${PORT}', { worker: undefined, web: 5100 }],
    ['$PORTAL is not $PORT', 'api: node s.js $PORTAL', { api: undefined }],
    ['the web process serves $PORT even when its code reads it', 'worker: node w.js\nweb: node server.js', { worker: undefined, web: 5100 }],
    ['process.env.PORT in the command counts', 'app: node -e "require(\'http\').createServer().listen(process.env.PORT)"', { app: 5000 }],
    ["ENV['PORT'] and os.environ[\"PORT\"] count", 'a: ruby -e "p ENV[\'PORT\']"\nb: python -c "import os; os.environ[\\"PORT\\"]"', { a: 5000, b: 5100 }],
    ['REPORT or PORTS are not PORT', 'a: make REPORT=1\nb: echo $PORTS', { a: undefined, b: undefined }],
  ])('%s', (_label, text, ports) => {
    const draft = translate(text);
    expect(Object.fromEntries(draft.services.map((s) => [s.name, s.fields.port]))).toEqual(ports);
  });

  it('reads the sample Procfile: names made valid, .env as env_file, PORT from .env as the base port', () => {
    const draft = translate(fixtureText('procfile', 'Procfile'), { hasEnvFile: true, basePort: 6000 });
    expect(draft.envFile).toBe('.env');
    expect(draft.services.map((s) => [s.name, s.fields])).toEqual([
      ['web', { command: 'bundle exec puma -p $PORT -C config/puma.rb', port: 6000 }],
      ['worker', { command: 'bundle exec sidekiq -C config/sidekiq.yml' }],
      ['clock', { command: 'bin/clock --port=${PORT}', port: 6200 }],
      ['release_phase', { command: 'bin/rails db:migrate' }],
    ]);
    expect(draft.notes.map((n) => n.text)).toContain('Procfile:8: "this line is not an entry" is not "name: command"; skipped');
    expect(draft.notes).toContainEqual({ service: 'release_phase', kind: 'guess', text: 'named "release_phase" (process type "Release_Phase" is not a valid service name)' });
  });

  it("Heroku's release process: a job run once before the others, not restarted", () => {
    const draft = translate('web: node s.js --port $PORT\nrelease: npm run migrate\nworker: node w.js');
    expect(draft.services.map((s) => [s.name, s.fields])).toEqual([
      ['web', { command: 'node s.js --port $PORT', port: 5000, depends_on: { release: 'completed' } }],
      ['release', { command: 'npm run migrate', restart: 'no' }],
      ['worker', { command: 'node w.js', depends_on: { release: 'completed' } }],
    ]);
    expect(draft.notes).toContainEqual({
      service: 'release',
      kind: 'guess',
      text: "Heroku's release phase: a job that runs once at stack up and is not restarted; web, worker start once it has completed (depends_on: { release: completed })",
    });
    // Alone, it is just the job.
    expect(translate('release: npm run migrate').services.map((s) => s.fields)).toEqual([{ command: 'npm run migrate', restart: 'no' }]);
  });

  it('two process types that clean up to one name stay apart', () => {
    expect(translate('Web: a\nweb: b').services.map((s) => s.name)).toEqual(['web', 'web-2']);
  });

  it('an empty Procfile says so', () => {
    expect(translate('# nothing\n').notes).toEqual([{ kind: 'todo', text: 'Procfile lists no processes' }]);
  });
});
