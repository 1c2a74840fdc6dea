// Status without a daemon comes from stack.yaml; a caller that loaded it already (doctor)
// passes it in, and the file is not read and parsed a second time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { currentStatus } from '../../../src/client/status.js';
import { parseConfig } from '../../../src/config/index.js';
import { projectPaths } from '../../../src/project-dir.js';

function stoppedProject(yaml: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-stopped-status-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'stack.yaml');
  writeFileSync(file, yaml);
  return { file, paths: projectPaths(file) };
}

const names = (status: Awaited<ReturnType<typeof currentStatus>>) => status.services.map((s) => `${s.name} ${s.state}`);

describe('currentStatus without a daemon', () => {
  it.each([
    ['reads stack.yaml when given nothing', false, ['web stopped']],
    ['uses the config it is given, without reading stack.yaml again', true, ['db stopped', 'api stopped']],
  ])('%s', async (_what, given, expected) => {
    // stack.yaml changed after the caller loaded it: what is shown tells which was used.
    const { file, paths } = stoppedProject('services:\n  web: { command: c }\n');
    const loaded = parseConfig('services:\n  db: { command: a }\n  api: { command: b, depends_on: [db] }\n', file, { env: {} });
    const status = await currentStatus(paths, given ? { config: loaded } : {});
    expect(status.daemon.running).toBe(false);
    expect(names(status)).toEqual(expected);
  });
});
