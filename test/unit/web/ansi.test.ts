import { describe, expect, it } from 'vitest';
import { ansiRuns, stripAnsi } from '../../../web/src/ansi.js';

const E = '\u001b';
/** Runs as "text[style]" for short expectations: fg/bg numbers, b(old), d(im), i(talic), u(nderline). */
const brief = (line: string): string[] =>
  ansiRuns(line).map((r) => {
    const style = [r.fg !== null ? `fg${r.fg}` : '', r.bg !== null ? `bg${r.bg}` : '', r.bold ? 'b' : '', r.dim ? 'd' : '', r.italic ? 'i' : '', r.underline ? 'u' : '']
      .filter(Boolean)
      .join(',');
    return style ? `${r.text}[${style}]` : r.text;
  });

describe('ansiRuns', () => {
  it.each<[string, string, string[]]>([
    ['plain text', 'hello', ['hello']],
    ['empty', '', []],
    ['a red word', `${E}[31merror${E}[0m done`, ['error[fg1]', ' done']],
    ['bold green, reset by 39 and 22', `${E}[1;32mok${E}[39m still bold${E}[22m plain`, ['ok[fg2,b]', ' still bold[b]', ' plain']],
    ['bright colours', `${E}[91mA${E}[102mB`, ['A[fg9]', 'B[fg9,bg10]']],
    ['ESC[m is a reset', `${E}[33mx${E}[my`, ['x[fg3]', 'y']],
    ['256 colours below 16', `${E}[38;5;4mblue${E}[0m`, ['blue[fg4]']],
    ['256 colours above 15: default colour', `${E}[38;5;202morange${E}[0m`, ['orange']],
    ['true colour is skipped with its 3 values, what follows applies', `${E}[38;2;1;2;3;4mx`, ['x[u]']],
    ['dim, italic, underline and their resets', `${E}[2;3;4ma${E}[23;24mb`, ['a[d,i,u]', 'b[d]']],
    ['cursor moves and clears are dropped', `${E}[2K${E}[1Gprogress 50%`, ['progress 50%']],
    ['an OSC title is dropped', `${E}]0;title\u0007text`, ['text']],
    ['same style runs merge', `${E}[31ma${E}[31mb`, ['ab[fg1]']],
  ])('%s', (_what, line, runs) => expect(brief(line)).toEqual(runs));
});

describe('stripAnsi', () => {
  it('leaves the words only', () => expect(stripAnsi(`${E}[1;31mred${E}[0m ${E}[2Kline`)).toBe('red line'));
});
