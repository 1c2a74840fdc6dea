import { describe, expect, it } from 'vitest';
import {
  BLOCK_END,
  BLOCK_START,
  BLOCKED_LINE,
  SKIPPED_LINE,
  doctorCommandLine,
  hasBlock,
  hookBlock,
  hookManagerOf,
  installBlock,
  isEffectivelyEmpty,
  nonShellInterpreter,
  removeBlock,
  shellQuote,
} from '../../../src/hook/hook-text.js';

const block = hookBlock({ stack: 'npx --no-install stack' });

function installed(existing: string | undefined): string {
  const result = installBlock(existing, block);
  if (result.kind === 'refused') throw new Error(`refused: ${result.reason}`);
  return result.text;
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

describe('shellQuote', () => {
  it('leaves plain words alone and single-quotes the rest', () => {
    expect(shellQuote('/usr/local/bin/stack')).toBe('/usr/local/bin/stack');
    expect(shellQuote('/home/me/my projects/stack')).toBe(`'/home/me/my projects/stack'`);
    expect(shellQuote(`it's`)).toBe(`'it'\\''s'`);
    expect(shellQuote('$(rm -rf /)')).toBe(`'$(rm -rf /)'`);
    expect(shellQuote('')).toBe(`''`);
  });
});

describe('hookBlock', () => {
  it('is delimited, skippable, and exits with the doctor status after saying the commit was blocked', () => {
    const lines = block.split('\n');
    expect(lines[0]).toBe(BLOCK_START);
    expect(lines.at(-2)).toBe(BLOCK_END);
    expect(block.endsWith('\n')).toBe(true);
    expect(block).toContain('"${STACK_SKIP_DOCTOR:-}" = "1"');
    expect(block).toContain(SKIPPED_LINE);
    expect(block).toContain('npx --no-install stack doctor --staged || {');
    expect(block).toContain(BLOCKED_LINE);
    expect(block).toContain('exit "$stack_doctor_status"');
  });

  it('quotes paths and passes -f before the command name, in a directory when asked', () => {
    expect(doctorCommandLine({ stack: shellQuote('/opt/my tools/stack'), configFile: 'sub dir/stack.yaml' })).toBe(
      `'/opt/my tools/stack' -f 'sub dir/stack.yaml' doctor --staged`,
    );
    expect(doctorCommandLine({ stack: 'npx --no-install stack', cwd: `app's` })).toBe(
      `(cd 'app'\\''s' && npx --no-install stack doctor --staged)`,
    );
  });
});

describe('installBlock', () => {
  it('writes a shebang and the block when there is no hook', () => {
    const result = installBlock(undefined, block);
    expect(result.kind).toBe('created');
    expect(installed(undefined)).toBe(`#!/bin/sh\n\n${block}`);
  });

  it('keeps an existing hook byte-for-byte and appends the block after it', () => {
    const user = '#!/bin/sh\nnpm run lint\n';
    const result = installBlock(user, block);
    expect(result.kind).toBe('appended');
    expect(installed(user)).toBe(`${user}\n${block}`);
    expect(installed(user).startsWith(user)).toBe(true);
  });

  it('ends the last line of a hook without a final newline before appending', () => {
    const user = '#!/bin/sh\nnpm run lint';
    expect(installed(user)).toBe(`${user}\n${block}`);
  });

  it('puts the block before a final exec line, which would otherwise never return', () => {
    const user = '#!/bin/sh\necho checking\nexec npx lint-staged "$@"\n# trailing comment\n\n';
    const result = installBlock(user, block);
    expect(result).toMatchObject({ kind: 'inserted', before: 'exec npx lint-staged "$@"' });
    const text = installed(user);
    expect(text).toBe(`#!/bin/sh\necho checking\n${block}\nexec npx lint-staged "$@"\n# trailing comment\n\n`);
    expect(text.indexOf(BLOCK_END)).toBeLessThan(text.indexOf('exec npx'));
  });

  it('puts the block before a final `exit <number>`', () => {
    const user = '#!/bin/bash\nmake check\nexit 0\n';
    expect(installBlock(user, block)).toMatchObject({ kind: 'inserted', before: 'exit 0' });
  });

  it('refuses a hook ending in an exit whose status depends on what ran before', () => {
    for (const last of ['exit $?', 'exit', 'exit "$status"']) {
      const result = installBlock(`#!/bin/sh\nmake check\n${last}\n`, block);
      expect(result.kind, last).toBe('refused');
    }
  });

  it('refuses a hook that is not a shell script', () => {
    const result = installBlock('#!/usr/bin/env python3\nprint("hi")\n', block);
    expect(result.kind).toBe('refused');
    expect(result.kind === 'refused' && result.reason).toContain('python3');
    expect(installBlock('#!/usr/bin/env bash\ntrue\n', block).kind).toBe('appended');
    expect(installBlock('true\n', block).kind).toBe('appended');
  });

  it('is idempotent: a second install changes nothing and adds no second block', () => {
    for (const user of [undefined, '#!/bin/sh\nnpm test\n', '#!/bin/sh\nexec foo\n']) {
      const once = installed(user);
      const twice = installBlock(once, block);
      expect(twice.kind).toBe('already');
      expect(twice.kind === 'already' && twice.text).toBe(once);
      expect(count(once, BLOCK_START)).toBe(1);
    }
  });
});

describe('installBlock over an older block', () => {
  it('replaces a block whose command changed, in place, keeping the rest', () => {
    const user = '#!/bin/sh\nnpm test\n';
    const old = hookBlock({ stack: `'/old place/stack'` });
    const result = installBlock(`${user}\n${old}# after\n`, block);
    expect(result).toEqual({ kind: 'updated', text: `${user}\n${block}# after\n` });
    expect(installBlock(result.kind === 'updated' ? result.text : '', block).kind).toBe('already');
  });
});

describe('removeBlock', () => {
  it.each([
    ['a hook with a trailing newline', '#!/bin/sh\nnpm run lint\n'],
    ['a hook without a trailing newline', '#!/bin/sh\nnpm run lint'],
    ['a hook ending in exec', '#!/bin/sh\necho checking\nexec npx lint-staged "$@"\n'],
    ['a hook with blank lines before its exec', '#!/bin/sh\necho checking\n\n\nexec foo\n\n'],
    ['a hook ending in exit 0', '#!/bin/bash\nset -e\nmake check\nexit 0'],
    ['a hook with no shebang', 'npm test\n'],
    ['a hook with trailing blank lines', '#!/bin/sh\nnpm test\n\n\n'],
  ])('gives back %s byte-for-byte after install', (_what, user) => {
    const result = removeBlock(installed(user));
    expect(result).toEqual({ kind: 'removed', text: user });
  });

  it('says the file can go when we created it', () => {
    expect(removeBlock(installed(undefined))).toEqual({ kind: 'emptied' });
  });

  it('says the file can go when only a shebang and blank lines are left', () => {
    expect(removeBlock(`#!/bin/bash\n\n\n${block}\n`)).toEqual({ kind: 'emptied' });
  });

  it('finds nothing to remove in a hook without the block', () => {
    expect(removeBlock('#!/bin/sh\nnpm test\n')).toEqual({ kind: 'absent' });
    // A start marker without its end is not ours to cut.
    expect(removeBlock(`#!/bin/sh\n${BLOCK_START}\nnpm test\n`)).toEqual({ kind: 'absent' });
  });

  it('removes a block whose command changed since install (markers are what count)', () => {
    const user = '#!/bin/sh\nnpm test\n';
    const other = hookBlock({ stack: `'/old place/stack'`, configFile: 'app/stack.yaml' });
    expect(removeBlock(`${user}\n${other}`)).toEqual({ kind: 'removed', text: user });
    expect(hasBlock(`${user}\n${other}`)).toBe(true);
  });
});

describe('helpers', () => {
  it('isEffectivelyEmpty ignores a shebang and blank lines only', () => {
    expect(isEffectivelyEmpty('#!/bin/sh\n\n  \n')).toBe(true);
    expect(isEffectivelyEmpty('')).toBe(true);
    expect(isEffectivelyEmpty('#!/bin/sh\n# a comment\n')).toBe(false);
    expect(isEffectivelyEmpty('#!/bin/sh\ntrue\n')).toBe(false);
  });

  it('nonShellInterpreter names non-shell interpreters only', () => {
    expect(nonShellInterpreter('#!/bin/sh\n')).toBeUndefined();
    expect(nonShellInterpreter('#!/usr/bin/env bash\n')).toBeUndefined();
    expect(nonShellInterpreter('#!/usr/bin/env node\n')).toBe('node');
    expect(nonShellInterpreter('#!/usr/bin/python3\n')).toBe('python3');
    expect(nonShellInterpreter('echo hi\n')).toBeUndefined();
  });

  it('hookManagerOf recognises generated hooks', () => {
    expect(hookManagerOf('#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\n')).toBe('pre-commit');
    expect(hookManagerOf('#!/bin/sh\ncall_lefthook run "pre-commit" "$@"\n')).toBe('lefthook');
    expect(hookManagerOf('#!/bin/sh\n. "$(dirname "$0")/_/husky.sh"\n')).toBe('husky');
    expect(hookManagerOf('#!/bin/sh\nnpm test\n')).toBeUndefined();
  });
});
