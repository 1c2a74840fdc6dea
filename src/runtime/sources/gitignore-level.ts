/**
 * The rules of one .gitignore file (the root's with `.git/info/exclude` before it),
 * asked about one path relative to the file's directory, the way git asks: about the path
 * alone. Whether a parent directory is excluded is decided once per directory, across all
 * levels, by the caller (matcher.ts never walks into an excluded directory).
 *
 * Why not hand the path to an `ignore` instance of the whole file: it tests each parent
 * directory first and caches every path it sees. Over a 100k-file walk that cache, not the
 * patterns, was the cost (~220 ms of a 285 ms walk+match). Its parent check is also not
 * git's across files: a directory a deeper .gitignore re-includes (`!foo/`) kept its files
 * excluded by the outer file's `foo`.
 *
 * Instead, git's own reading of a pattern tells which paths it can match at all:
 * - a pattern ending in `/` matches directories only: file verdicts skip it;
 * - one with no other slash (nor any but the one after a leading `**`) matches the
 *   basename: a run of such rules is asked once per distinct basename, and a
 *   single-segment path sets off no parent check in `ignore`;
 * - any other pattern is anchored to this directory, and without `**` it matches paths of
 *   exactly as many segments as it has: `/dist` is never asked about `src/a.ts`. Such a rule
 *   is held negated, in an `ignore` instance of its own: a negation never excludes a parent,
 *   so that instance's `unignored` says whether the pattern matches the path itself.
 * Runs are asked last to first, so the last matching rule still decides, `!` included.
 */
import ignore, { type Ignore } from 'ignore';

export type Verdict = 'ignored' | 'unignored' | undefined;

interface BasenameRun {
  kind: 'basename';
  rules: Ignore;
  seen: Map<string, Verdict>;
}

interface AnchoredRule {
  kind: 'anchored';
  /** The pattern negated: `unignored` means it matches. */
  matcher: Ignore;
  negative: boolean;
  /** Segments of every path it can match; null when `**` makes that any number. */
  segments: number | null;
  /** The pattern's last segment as a basename pattern: a path whose name it misses cannot match. */
  lastName: BasenameRun | null;
}

type Run = BasenameRun | AnchoredRule;

interface Rule {
  line: string;
  negative: boolean;
  dirOnly: boolean;
  basename: boolean;
  segments: number | null;
  lastName: string | null;
}

export class GitignoreLevel {
  private readonly fileRuns: readonly Run[];
  private readonly dirRuns: readonly Run[];

  /** `texts`: file contents, lowest precedence first. */
  constructor(texts: readonly string[], ignoreCase: boolean) {
    const rules = texts.flatMap(linesOf).map(parseRule);
    this.fileRuns = toRuns(rules.filter((rule) => !rule.dirOnly), ignoreCase);
    this.dirRuns = toRuns(rules, ignoreCase);
  }

  /** What this file says about `local` (relative to its directory) itself, if anything. */
  verdict(local: string, isDir: boolean): Verdict {
    const runs = isDir ? this.dirRuns : this.fileRuns;
    if (runs.length === 0) return undefined;
    const suffix = isDir ? '/' : '';
    const name = local.slice(local.lastIndexOf('/') + 1) + suffix;
    let segments = 0;
    for (let i = runs.length - 1; i >= 0; i--) {
      const run = runs[i]!;
      if (run.kind === 'basename') {
        const verdict = basenameVerdict(run, name);
        if (verdict) return verdict;
        continue;
      }
      // Cheap necessary conditions first: the full-path test is the costly one.
      if (run.segments !== null && run.segments !== (segments ||= segmentsOf(local))) continue;
      if (run.lastName && basenameVerdict(run.lastName, name) !== 'ignored') continue;
      if (run.matcher.test(local + suffix).unignored) return run.negative ? 'unignored' : 'ignored';
    }
    return undefined;
  }
}

function basenameVerdict(run: BasenameRun, name: string): Verdict {
  if (run.seen.has(name)) return run.seen.get(name);
  const { ignored, unignored } = run.rules.test(name);
  const verdict = ignored ? 'ignored' : unignored ? 'unignored' : undefined;
  run.seen.set(name, verdict);
  return verdict;
}

/** Consecutive basename rules become one run; every anchored rule is a run of its own. */
function toRuns(rules: readonly Rule[], ignoreCase: boolean): Run[] {
  const runs: Run[] = [];
  const basenameRun = (line: string): BasenameRun => ({ kind: 'basename', rules: ignore({ ignorecase: ignoreCase }).add(line), seen: new Map() });
  for (const rule of rules) {
    const last = runs[runs.length - 1];
    if (rule.basename && last?.kind === 'basename') last.rules.add(rule.line);
    else if (rule.basename) runs.push(basenameRun(rule.line));
    else {
      const matcher = ignore({ ignorecase: ignoreCase }).add(rule.negative ? rule.line : `!${rule.line}`);
      const lastName = rule.lastName === null ? null : basenameRun(rule.lastName);
      runs.push({ kind: 'anchored', matcher, negative: rule.negative, segments: rule.segments, lastName });
    }
  }
  return runs;
}

/** Lines as git reads them: no BOM, CR before LF dropped, comments and blank lines gone. */
function linesOf(text: string): string[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  return body
    .replace(/\r$/, '')
    .split(/\r?\n/)
    .filter((line) => line !== '' && !line.startsWith('#') && line.replace(/ +$/, '') !== '');
}

/** Classifies a line by its slashes, as git does; `ignore` does the matching. */
function parseRule(line: string): Rule {
  const negative = line.startsWith('!');
  // Unescaped trailing spaces are dropped; an escaped one leaves a `\` last, not a `/`.
  let body = (negative ? line.slice(1) : line).replace(/ +$/, '');
  const dirOnly = body.endsWith('/');
  if (dirOnly) body = body.slice(0, -1);
  // `**/foo` matches `foo` anywhere, the same as `foo` (gitignore(5)).
  const basename = !body.replace(/^\*\*\//, '').includes('/');
  if (basename) return { line, negative, dirOnly, basename, segments: 1, lastName: null };
  return { line, negative, dirOnly, basename, segments: segmentsOfPattern(body), lastName: lastSegmentOf(body) };
}

/**
 * `*.gen.js` of `src/gen/*.gen.js`, as a basename pattern: `*` and `?` never match a `/`,
 * so the last segment of a match is the path's name. None where that reading could go
 * wrong: `**` in it, a class (it may hold a `/`), an escape, or a leading `!` or `#`
 * (syntax when alone).
 */
function lastSegmentOf(body: string): string | null {
  const last = body.slice(body.lastIndexOf('/') + 1);
  if (last === '' || last.includes('**') || /[[\\]/.test(body) || last.startsWith('!') || last.startsWith('#')) return null;
  return last;
}

/** `a/*.js` and `/a/b` match two-segment paths only; `**`, or anything unusual, any. */
function segmentsOfPattern(body: string): number | null {
  const anchored = body.startsWith('/') ? body.slice(1) : body;
  if (anchored.includes('**') || anchored.startsWith('/') || anchored.includes('//') || anchored.endsWith('/')) return null;
  return segmentsOf(anchored);
}

function segmentsOf(relPath: string): number {
  let count = 1;
  for (let i = relPath.indexOf('/'); i >= 0; i = relPath.indexOf('/', i + 1)) count++;
  return count;
}
