// Which file stack init reads, and the sentence that says so.
import { describe, expect, it } from 'vitest';
import { chooseSource, detectSources } from '../../../src/init/detect.js';
import type { Source } from '../../../src/init/draft.js';

describe('chooseSource', () => {
  it.each<[string, string[], Source | undefined, string]>([
    ['a Procfile alone', ['Procfile'], undefined, 'Read Procfile.'],
    ['Procfile.dev before Procfile', ['Procfile', 'Procfile.dev'], undefined, 'Read Procfile.dev (not Procfile).'],
    ['compose.yaml before docker-compose.yml, as docker compose does', ['docker-compose.yml', 'compose.yaml'], undefined, 'Read compose.yaml (not docker-compose.yml).'],
    ['compose.yml and docker-compose.yaml count too', ['docker-compose.yaml'], undefined, 'Read docker-compose.yaml.'],
    [
      'several kinds: the Procfile wins and the others are named',
      ['package.json', 'docker-compose.yml', 'Procfile'],
      undefined,
      'Found Procfile, docker-compose.yml, package.json; read Procfile (--from compose for docker-compose.yml, --from package for package.json).',
    ],
    ['--from picks another', ['package.json', 'Procfile'], 'package', 'Read package.json (--from package).'],
  ])('%s', (_label, files, from, says) => {
    const choice = chooseSource(detectSources((f) => files.includes(f)), from);
    expect(choice.ok && choice.says).toBe(says);
  });

  it.each<[string, string[], Source | undefined, string, string]>([
    ['nothing there', [], undefined, 'found nothing to start from: no Procfile, compose.yaml, docker-compose.yml or package.json in this directory', 'write a stack.yaml by hand'],
    ['--from with no such file', ['package.json'], 'compose', '--from compose: there is no compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml in this directory', 'found package.json: try --from package'],
  ])('%s', (_label, files, from, message, hint) => {
    const choice = chooseSource(detectSources((f) => files.includes(f)), from);
    expect(choice.ok).toBe(false);
    if (choice.ok) return;
    expect(choice.message).toBe(message);
    expect(choice.hint).toContain(hint);
  });
});
