/**
 * Env files: `KEY=VALUE` lines, `#` comments, an optional `export ` prefix, values
 * optionally in single quotes (literal) or double quotes (\n, \t, \", \\ escapes; may
 * span lines). Unquoted values end at ` #`. Values are not interpolated.
 */
import fs from 'node:fs';
import { isErrnoException, type ConfigCheckId } from '../errors.js';

export interface EnvFileProblem {
  line: number;
  col: number;
  message: string;
}

export interface ParsedEnvFile {
  vars: Map<string, string>;
  problems: EnvFileProblem[];
}

const KEY = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
const ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\', $: '$' };
export const MAX_ENV_FILE_BYTES = 512 * 1024;

export function parseEnvFile(text: string): ParsedEnvFile {
  const vars = new Map<string, string>();
  const problems: EnvFileProblem[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const lineNo = i + 1;
    const raw = lines[i]!;
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = raw.length - raw.trimStart().length;
    const body = trimmed.replace(/^export\s+/, '');
    const eq = body.indexOf('=');
    if (eq < 0) {
      problems.push({ line: lineNo, col: indent + 1, message: `expected KEY=VALUE, got "${clip(trimmed)}"` });
      continue;
    }
    const key = body.slice(0, eq).trim();
    if (!KEY.test(key)) {
      problems.push({ line: lineNo, col: indent + 1, message: `"${clip(key)}" is not a valid variable name` });
      continue;
    }
    let value = body.slice(eq + 1).trimStart();
    const quote = value[0];
    if (quote === '"' || quote === "'") {
      // A quoted value may continue on the following lines until its closing quote.
      let rest = value.slice(1);
      let close = findClosingQuote(rest, quote);
      let lastLine = i;
      while (close < 0 && lastLine + 1 < lines.length) {
        lastLine++;
        rest += `\n${lines[lastLine]}`;
        close = findClosingQuote(rest, quote);
      }
      if (close < 0) {
        problems.push({ line: lineNo, col: indent + 1, message: `the value of ${key} has no closing ${quote}` });
        break;
      }
      const inner = rest.slice(0, close);
      value = quote === '"' ? inner.replace(/\\(.)/g, (m, c: string) => ESCAPES[c] ?? m) : inner;
      i = lastLine;
    } else {
      value = withoutComment(value);
    }
    if (value.includes('\0')) {
      problems.push({ line: lineNo, col: indent + 1, message: `the value of ${key} contains a NUL byte, which no environment variable can hold` });
      continue;
    }
    vars.set(key, value);
  }
  return { vars, problems };
}

/** `a b # note` → `a b`; a `#` starts a comment only after whitespace. (A regex here is quadratic on long runs of spaces.) */
function withoutComment(value: string): string {
  for (let j = 1; j < value.length; j++) {
    if (value[j] === '#' && /\s/.test(value[j - 1]!)) return value.slice(0, j).trimEnd();
  }
  return value.trimEnd();
}

function findClosingQuote(text: string, quote: string): number {
  for (let j = 0; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) return j;
  }
  return -1;
}

/** A file that is not there (or is a directory) is env-file-missing; one that cannot be read is config-invalid. */
export type EnvFileRead = { ok: true; parsed: ParsedEnvFile } | { ok: false; message: string; hint?: string; check: ConfigCheckId };

/** Reads and parses one env file; the message names `shown` (the path as the user sees it). */
export function readEnvFile(file: string, shown: string): EnvFileRead {
  try {
    const stat = fs.statSync(file);
    if (stat.isDirectory()) return { ok: false, message: `env file ${shown} is a directory`, check: 'env-file-missing' };
    if (stat.size > MAX_ENV_FILE_BYTES) {
      return { ok: false, message: `env file ${shown} is larger than ${MAX_ENV_FILE_BYTES / 1024} KB`, check: 'config-invalid' };
    }
    return { ok: true, parsed: parseEnvFile(fs.readFileSync(file, 'utf8')) };
  } catch (error) {
    if (isErrnoException(error) && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) {
      const hint = 'create it, or fix the path; it is relative to the stack file';
      return { ok: false, message: `env file ${shown} does not exist`, hint, check: 'env-file-missing' };
    }
    if (isErrnoException(error) && error.code === 'EACCES') return { ok: false, message: `env file ${shown} is not readable`, check: 'config-invalid' };
    const reason = error instanceof Error ? error.message : String(error);
    return { ok: false, message: `env file ${shown} cannot be read: ${reason}`, check: 'config-invalid' };
  }
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
