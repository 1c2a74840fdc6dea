// Each config mistake carries the doctor check it belongs to (DESIGN §5), set by the step
// that finds it: doctor reports it under that id without reading the message.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ConfigCheckId } from '../../../src/errors.js';
import { configError, tempDir, writeFiles, yaml } from './helpers.js';

interface Case {
  mistake: string;
  source: string;
  /** Files next to stack.yaml. */
  files?: Record<string, string>;
  /** Directories next to stack.yaml. */
  dirs?: string[];
  path: string;
  check: ConfigCheckId;
}

const cases: Case[] = [
  {
    mistake: 'a dependency cycle',
    source: yaml`
      services:
        api: { command: a, depends_on: [worker] }
        worker: { command: w, depends_on: [api] }
    `,
    path: 'services.api.depends_on[0]',
    check: 'dependency-cycle',
  },
  {
    mistake: 'a dependency on a service that does not exist',
    source: yaml`
      services:
        api: { command: a, depends_on: [dbb] }
    `,
    path: 'services.api.depends_on[0]',
    check: 'dependency-missing',
  },
  {
    mistake: 'a dependency map naming a service that does not exist',
    source: yaml`
      services:
        api: { command: a, depends_on: { dbb: healthy } }
    `,
    path: 'services.api.depends_on.dbb',
    check: 'dependency-missing',
  },
  {
    mistake: 'two services declaring one port',
    source: yaml`
      services:
        api: { command: a, port: 4000 }
        web: { command: w, port: 4000 }
    `,
    path: 'services.web.port',
    check: 'duplicate-port',
  },
  {
    mistake: 'a cwd that does not exist',
    source: yaml`
      services:
        api: { command: a, cwd: nowhere }
    `,
    path: 'services.api.cwd',
    check: 'cwd-missing',
  },
  {
    mistake: 'a cwd that is a file',
    source: yaml`
      services:
        api: { command: a, cwd: notes.txt }
    `,
    files: { 'notes.txt': 'x' },
    path: 'services.api.cwd',
    check: 'cwd-missing',
  },
  {
    mistake: "a service's env file that does not exist",
    source: yaml`
      services:
        api: { command: a, env_file: api.env }
    `,
    path: 'services.api.env_file',
    check: 'env-file-missing',
  },
  {
    mistake: 'a shared env file, second in a list, that does not exist',
    source: yaml`
      env_file: [shared.env, missing.env]
      services:
        api: { command: a }
    `,
    files: { 'shared.env': 'A=1\n' },
    path: 'env_file[1]',
    check: 'env-file-missing',
  },
  {
    mistake: 'an env file that is a directory',
    source: yaml`
      services:
        api: { command: a, env_file: envs }
    `,
    dirs: ['envs'],
    path: 'services.api.env_file',
    check: 'env-file-missing',
  },
  {
    mistake: 'a syntax error inside an env file',
    source: yaml`
      services:
        api: { command: a, env_file: api.env }
    `,
    files: { 'api.env': 'just text\n' },
    path: 'services.api.env_file',
    check: 'config-invalid',
  },
  {
    mistake: 'a typo in a key',
    source: yaml`
      services:
        api: { comand: a }
    `,
    path: 'services.api.comand',
    check: 'config-invalid',
  },
  {
    mistake: 'a port that is not a number',
    source: yaml`
      services:
        api: { command: a, port: http }
    `,
    path: 'services.api.port',
    check: 'config-invalid',
  },
  {
    mistake: 'an unset variable',
    source: yaml`
      services:
        api: { command: "a \${NOT_SET}" }
    `,
    path: 'services.api.command',
    check: 'config-invalid',
  },
  {
    mistake: 'invalid YAML',
    source: 'services:\n  api: { command: a\n',
    path: '',
    check: 'config-invalid',
  },
];

describe('the check id of each config mistake', () => {
  it.each(cases)('$mistake → $check', ({ source, files = {}, dirs = [], path: keyPath, check }) => {
    const dir = tempDir();
    writeFiles(dir, files);
    for (const d of dirs) fs.mkdirSync(path.join(dir, d));
    const { problems } = configError(source, { file: path.join(dir, 'stack.yaml') });
    expect(problems.map((p) => ({ path: p.path, check: p.check }))).toEqual([{ path: keyPath, check }]);
  });
});
