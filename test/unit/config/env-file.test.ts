import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseEnvFile } from '../../../src/config/env-file.js';
import { configError, load, tempDir, writeFiles, yaml } from './helpers.js';

describe('parseEnvFile', () => {
  it('reads KEY=VALUE lines, comments, export, quotes', () => {
    const { vars, problems } = parseEnvFile(
      [
        '# a comment',
        '',
        'PLAIN=value',
        'SPACED = padded value  ',
        'export EXPORTED=yes',
        'EMPTY=',
        'INLINE=value # comment',
        'HASH=a#b',
        "SINGLE='literal $HOME \\n # kept'",
        'DOUBLE="line1\\nline2 \\"quoted\\" # kept"',
        'MULTI="first',
        'second"',
        'URL=postgres://u:p@localhost:5432/db?x=1',
        'PLAIN=overridden',
      ].join('\n'),
    );
    expect(problems).toEqual([]);
    expect(Object.fromEntries(vars)).toEqual({
      PLAIN: 'overridden',
      SPACED: 'padded value',
      EXPORTED: 'yes',
      EMPTY: '',
      INLINE: 'value',
      HASH: 'a#b',
      SINGLE: 'literal $HOME \\n # kept',
      DOUBLE: 'line1\nline2 "quoted" # kept',
      MULTI: 'first\nsecond',
      URL: 'postgres://u:p@localhost:5432/db?x=1',
    });
  });

  it('handles CRLF line endings and a BOM', () => {
    expect(Object.fromEntries(parseEnvFile('\uFEFFA=1\r\nB=2\r\n').vars)).toEqual({ A: '1', B: '2' });
  });

  it('reports lines it cannot read, with their line numbers', () => {
    expect(parseEnvFile('A=1\njust text\n1BAD=x\nC="unclosed\nD=4').problems).toEqual([
      { line: 2, col: 1, message: 'expected KEY=VALUE, got "just text"' },
      { line: 3, col: 1, message: '"1BAD" is not a valid variable name' },
      { line: 4, col: 1, message: 'the value of C has no closing "' },
    ]);
  });
});

describe('env files in stack.yaml', () => {
  it('merge in order: top env_file < top env < service env_file < service env < PORT', () => {
    const dir = tempDir();
    writeFiles(dir, {
      '.env': 'A=top-file\nB=top-file\nC=top-file\nD=top-file\nE=top-file\nPORT=1\n',
      'api/.env': 'C=service-file\nD=service-file\nE=service-file\n',
      'api/.env.local': 'E=service-file-2\n',
    });
    const config = load(
      yaml`
        env_file: .env
        env: { B: top-env, C: top-env }
        services:
          api:
            command: node api.js
            port: 4000
            env_file: [api/.env, api/.env.local]
            env: { D: service-env }
      `,
      { file: path.join(dir, 'stack.yaml') },
    );
    expect(config.services.api!.env).toEqual({
      A: 'top-file',
      B: 'top-env',
      C: 'service-file',
      D: 'service-env',
      E: 'service-file-2',
      PORT: '4000',
    });
  });

  it('top-level env file variables can be interpolated', () => {
    const dir = tempDir();
    writeFiles(dir, { '.env': 'DB_HOST=db.internal\n' });
    const config = load(
      yaml`
        env_file: \${ENV_FILE:-.env}
        services:
          api: { command: "api --db \${DB_HOST}" }
      `,
      { file: path.join(dir, 'stack.yaml') },
    );
    expect(config.services.api!.command).toEqual({ shell: 'api --db db.internal' });
  });

  it('a missing or unreadable env file is a problem at the entry that names it', () => {
    const dir = tempDir();
    writeFiles(dir, { 'bad.env': 'GOOD=1\nnot a line\n', 'folder/.keep': '' });
    const error = configError(
      yaml`
        env_file: missing.env
        services:
          api:
            command: node api.js
            env_file:
              - bad.env
              - folder
              - also-missing.env
      `,
      { file: path.join(dir, 'stack.yaml') },
    );
    expect(error.details.map((line) => line.replaceAll(dir, '<dir>'))).toMatchInlineSnapshot(`
      [
        "<dir>/stack.yaml:1:11 env_file: env file <dir>/missing.env does not exist (create it, or fix the path; it is relative to the stack file)",
        "<dir>/stack.yaml:7:9 services.api.env_file[1]: env file <dir>/folder is a directory",
        "<dir>/stack.yaml:8:9 services.api.env_file[2]: env file <dir>/also-missing.env does not exist (create it, or fix the path; it is relative to the stack file)",
        "<dir>/bad.env:2:1 services.api.env_file[0]: expected KEY=VALUE, got "not a line"",
      ]
    `);
  });
});
