/**
 * ANSI colours of a log line as styled runs (pure): SGR sequences (`ESC[…m`) set bold,
 * dim, italic, underline and the 16 basic colours (256-colour values below 16 map onto
 * them; the rest show in the default colour); every other escape sequence (cursor moves,
 * clears) is dropped. The page turns runs into spans with classes: its Content-Security-
 * Policy allows no inline styles.
 */
export interface Run {
  text: string;
  /** 0–15: black, red, green, yellow, blue, magenta, cyan, white, then their bright versions. */
  fg: number | null;
  bg: number | null;
  bold: boolean;
  dim: boolean;
  italic: boolean;
  underline: boolean;
}

type Style = Omit<Run, 'text'>;

const PLAIN: Style = { fg: null, bg: null, bold: false, dim: false, italic: false, underline: false };

// CSI sequences (ESC [ params final), OSC sequences (ESC ] … BEL or ESC \), and lone two-byte escapes.
// eslint-disable-next-line no-control-regex
const ESCAPE = /\x1b\[([0-9;?]*)([@-~])|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[@-Z\\-_]/g;

export function ansiRuns(line: string): Run[] {
  const runs: Run[] = [];
  let style: Style = PLAIN;
  let last = 0;
  const push = (text: string): void => {
    if (text === '') return;
    const prev = runs.at(-1);
    if (prev && sameStyle(prev, style)) prev.text += text;
    else runs.push({ text, ...style });
  };
  for (const match of line.matchAll(ESCAPE)) {
    push(line.slice(last, match.index));
    last = match.index + match[0].length;
    if (match[2] === 'm') style = applySgr(style, match[1] ?? '');
  }
  push(line.slice(last));
  return runs;
}

function applySgr(style: Style, params: string): Style {
  const codes = params === '' ? [0] : params.split(';').map((p) => (p === '' ? 0 : Number(p)));
  let next = { ...style };
  for (let i = 0; i < codes.length; i++) {
    const code = codes[i]!;
    if (code === 0) next = { ...PLAIN };
    else if (code === 1) next.bold = true;
    else if (code === 2) next.dim = true;
    else if (code === 3) next.italic = true;
    else if (code === 4) next.underline = true;
    else if (code === 22) next = { ...next, bold: false, dim: false };
    else if (code === 23) next.italic = false;
    else if (code === 24) next.underline = false;
    else if (code >= 30 && code <= 37) next.fg = code - 30;
    else if (code >= 90 && code <= 97) next.fg = code - 90 + 8;
    else if (code === 39) next.fg = null;
    else if (code >= 40 && code <= 47) next.bg = code - 40;
    else if (code >= 100 && code <= 107) next.bg = code - 100 + 8;
    else if (code === 49) next.bg = null;
    else if (code === 38 || code === 48) {
      // 38;5;n (256 colours) or 38;2;r;g;b (true colour): only n < 16 has a class.
      const mode = codes[i + 1];
      const value = mode === 5 ? codes[i + 2] : undefined;
      const colour = value !== undefined && value < 16 ? value : null;
      if (code === 38) next.fg = colour;
      else next.bg = colour;
      i += mode === 5 ? 2 : mode === 2 ? 4 : 0;
    }
  }
  return next;
}

function sameStyle(a: Style, b: Style): boolean {
  return a.fg === b.fg && a.bg === b.bg && a.bold === b.bold && a.dim === b.dim && a.italic === b.italic && a.underline === b.underline;
}

/** The line without its escape sequences: what the filter box searches. */
export function stripAnsi(line: string): string {
  return line.replace(ESCAPE, '');
}
