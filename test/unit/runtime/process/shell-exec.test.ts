import { describe, expect, it } from 'vitest';
import { withExec } from '../../../../src/runtime/process/shell-exec.js';

describe('withExec', () => {
  it.each(['node server.js', 'npx vite --port $PORT', 'PORT=1 node a.js', 'python -m http.server "$PORT"'])(
    'lets the shell hand over to a simple command: %s',
    (command) => expect(withExec(command, 'linux')).toBe(`exec ${command}`),
  );

  it.each([
    'npm run build && node dist/server.js',
    'node a.js; node b.js',
    'node a.js | tee out.log',
    'node a.js > out.log',
    '(cd api && node server.js)',
    'echo $(date)',
    'if true; then node a.js; fi',
    'exec node a.js',
    'node a.js &',
  ])('leaves a compound command alone: %s', (command) => expect(withExec(command, 'linux')).toBe(command));

  it('leaves Windows commands alone', () => expect(withExec('node server.js', 'win32')).toBe('node server.js'));
});
