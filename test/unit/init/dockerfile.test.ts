// The command a Dockerfile's image runs, for a built compose service with no command.
import { describe, expect, it } from 'vitest';
import { dockerfileCommand } from '../../../src/init/dockerfile.js';

describe('dockerfileCommand', () => {
  it.each<[string, string, ReturnType<typeof dockerfileCommand>]>([
    ['exec form', 'FROM node:20\nCMD ["node", "server.js"]', { argv: ['node', 'server.js'] }],
    ['shell form', 'FROM node:20\nCMD npm start', { shell: 'npm start' }],
    ['continued lines', 'FROM node:20\nCMD ["node", \\\n  "server.js"]', { argv: ['node', 'server.js'] }],
    ['entrypoint and cmd', 'FROM x\nENTRYPOINT ["node"]\nCMD ["a.js"]', { argv: ['node', 'a.js'] }],
    ['ENTRYPOINT after CMD resets it', 'FROM x\nCMD ["a.js"]\nENTRYPOINT ["node"]', { argv: ['node'] }],
    ['the last stage counts', 'FROM a AS build\nCMD ["wrong"]\nFROM b\nCMD ["right"]', { argv: ['right'] }],
    ['a last stage without CMD inherits nothing we can see', 'FROM a AS build\nCMD ["wrong"]\nFROM b', undefined],
    ['lowercase instructions and comments', '# CMD ["no"]\nfrom x\ncmd ["yes"]', { argv: ['yes'] }],
  ])('%s', (_label, text, expected) => {
    expect(dockerfileCommand(text)).toEqual(expected);
  });
});
