import { describe, expect, it } from 'vitest';
import { describeExit, extractExitReason, linesToQuote } from '../../../src/protocol/exit-wording.js';

describe('extractExitReason', () => {
  it.each([
    [
      ['node:internal/modules/cjs/loader:1228', '  throw err;', "Error: Cannot find module 'left-pad'", 'Require stack:', '- /app/x.js'],
      "Error: Cannot find module 'left-pad'",
    ],
    [["Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /a.js"], "Error [ERR_MODULE_NOT_FOUND]: Cannot find package 'express' imported from /a.js"],
    [['Traceback (most recent call last):', '  File "app.py", line 1', "ModuleNotFoundError: No module named 'flask'"], "ModuleNotFoundError: No module named 'flask'"],
    [['Error: listen EADDRINUSE: address already in use :::4000'], 'EADDRINUSE: address already in use :::4000'],
    [
      ['Error: listen EADDRINUSE: address already in use :::4000', '    at Server.listen (node:net:2067:7)', '{', "  code: 'EADDRINUSE',", "  errno: -98,", '}', '', 'Node.js v20.20.2'],
      'EADDRINUSE: address already in use :::4000',
    ],
    [['OSError: [Errno 98] Address already in use'], 'OSError: [Errno 98] Address already in use'],
    [['/app/server.js:3', 'const x = ;', 'SyntaxError: Unexpected token \';\''], "SyntaxError: Unexpected token ';'"],
    [['sh: 1: nodee: not found'], 'sh: 1: nodee: not found'],
    [['npm error Missing script: "dev"', 'npm error', 'npm error To see a list of scripts, run:', 'npm error   npm run', 'npm error A complete log of this run can be found in: /root/.npm/_logs/x.log'], 'npm error Missing script: "dev"'],
    [['npm ERR! Missing script: "dev"'], 'npm ERR! Missing script: "dev"'],
    [['npm error code EJSONPARSE', 'npm error JSON.parse Invalid package.json: JSONParseError: Unexpected token', 'npm error JSON.parse Failed to parse JSON data.'], 'npm error JSON.parse Invalid package.json: JSONParseError: Unexpected token'],
    [['TypeError: Cannot read properties of undefined (reading \'x\')'], "TypeError: Cannot read properties of undefined (reading 'x')"],
  ])('finds the telling line in %j', (lines, expected) => {
    expect(extractExitReason(lines)).toBe(expected);
  });

  it('prefers a specific cause over a generic error line', () => {
    expect(extractExitReason(["Error: Cannot find module 'a'", 'Error: something generic later'])).toBe("Error: Cannot find module 'a'");
  });

  it('returns null when nothing explains the exit', () => {
    expect(extractExitReason(['listening on 4000', 'shutting down'])).toBeNull();
    expect(extractExitReason([])).toBeNull();
  });

  it('keeps long lines readable', () => {
    const reason = extractExitReason([`Error: ${'x'.repeat(500)}`]);
    expect(reason!.length).toBe(200);
  });
});

describe('describeExit', () => {
  it('names the signal, the code, or command-not-found', () => {
    expect(describeExit({ code: null, signal: 'SIGKILL' })).toBe('killed by SIGKILL');
    expect(describeExit({ code: 1, signal: null })).toBe('exited with code 1');
    expect(describeExit({ code: 127, signal: null })).toBe('exited with code 127 (command not found)');
    expect(describeExit({ code: null, signal: null })).toBe('exited (status unknown)');
  });
});

describe('linesToQuote', () => {
  const nodeCrash = ['[eval]:1', 'throw new Error("db password missing")', '^', '', 'Error: db password missing', '    at [eval]:1:7', '    at runScriptInThisContext (node:internal/vm:209:10)', '    at node:internal/process/execution:118:14', '    at runScript (x)', '', 'Node.js v20.20.2'];
  it.each<[string, string[], string | null, { lines: string[]; after: boolean }]>([
    ['a Node crash: where it was thrown, not the trailer', nodeCrash, 'Error: db password missing', { lines: ['at [eval]:1:7', 'at runScriptInThisContext (node:internal/vm:209:10)', 'at node:internal/process/execution:118:14'], after: true }],
    ['no reason: the last lines, blank ones and the trailer left out', nodeCrash, null, { lines: ['at runScriptInThisContext (node:internal/vm:209:10)', 'at node:internal/process/execution:118:14', 'at runScript (x)'], after: false }],
    ['the reason on the last line: the ones before it', ['starting', 'listening', 'Fatal: out of disk'], 'Fatal: out of disk', { lines: ['starting', 'listening'], after: false }],
    ['a reason cut to 200 characters still finds its line', [`Error: ${'x'.repeat(300)}`, '    at f (a.js:1:1)'], `Error: ${'x'.repeat(190)}...`, { lines: ['at f (a.js:1:1)'], after: true }],
    ['a reason not in these lines', ['a', 'b'], 'Error: gone', { lines: ['a', 'b'], after: false }],
    ['an empty log', [], 'Error: x', { lines: [], after: false }],
    ['the reason at each restart: nothing else to quote', ['sh: 1: exec: nodee: not found', 'sh: 1: exec: nodee: not found'], 'sh: 1: exec: nodee: not found', { lines: [], after: false }],
    ['a line repeated in a row is quoted once', ['retrying', 'retrying', 'retrying', 'gave up'], null, { lines: ['retrying', 'gave up'], after: false }],
  ])('%s', (_, lines, reason, want) => {
    expect(linesToQuote(lines, reason, 3)).toEqual(want);
  });
});
