// What the CLI prints for each kind of error, and the exit code it returns.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { reportError } from '../../../src/cli/report-error.js';
import { ExitError, StackError } from '../../../src/errors.js';

function printedBy(error: unknown): { code: number; lines: string[] } {
  const lines: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((line: unknown) => void lines.push(String(line)));
  const code = reportError(error);
  return { code, lines };
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

describe('reportError', () => {
  it('an ExitError was reported by its command: nothing is printed, its code is returned', () => {
    expect(printedBy(new ExitError(1))).toEqual({ code: 1, lines: [] });
    expect(printedBy(new ExitError(2))).toEqual({ code: 2, lines: [] });
  });

  it('an ExitError prints nothing with STACK_DEBUG=1 either', () => {
    vi.stubEnv('STACK_DEBUG', '1');
    expect(printedBy(new ExitError(1))).toEqual({ code: 1, lines: [] });
  });

  it('a StackError is its sentence, its details and its hint, with its exit code', () => {
    vi.stubEnv('NO_COLOR', '1');
    vi.stubEnv('STACK_DEBUG', undefined);
    const error = new StackError('USAGE', 'No service named apii.', { exitCode: 2, hint: 'stack status lists them', details: ['known: api'] });
    const { code, lines } = printedBy(error);
    expect(code).toBe(2);
    expect(lines.map((l) => l.replace(/\x1b\[[0-9;]*m/g, ''))).toEqual(['error: No service named apii.', '  known: api', 'hint: stack status lists them']);
  });

  it('anything else is an internal error, exit 1', () => {
    vi.stubEnv('STACK_DEBUG', undefined);
    const { code, lines } = printedBy(new TypeError('x is undefined'));
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/stack hit an internal error: x is undefined/);
  });
});
