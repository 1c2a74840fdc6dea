/**
 * "Did you mean …?" for misspelled keys, service names and enum values: the closest
 * candidate by edit distance, if it is close enough to be a plausible typo.
 */

/** Names people bring from docker-compose, Procfile tools and PM2. */
const SYNONYMS: Readonly<Record<string, string>> = {
  environment: 'env',
  env_files: 'env_file',
  envfile: 'env_file',
  ports: 'port',
  healthcheck: 'health',
  working_dir: 'cwd',
  workdir: 'cwd',
  cmd: 'command',
  script: 'command',
  dependencies: 'depends_on',
  depends: 'depends_on',
  stop_grace_period: 'stop_timeout',
};

/** Candidates beyond this many are not compared (hostile files with thousands of names). */
const MAX_CANDIDATES = 1000;

export function didYouMean(input: string, candidates: readonly string[]): string | undefined {
  const match = closest(input, candidates);
  return match === undefined ? undefined : `did you mean '${match}'?`;
}

export function closest(input: string, candidates: readonly string[]): string | undefined {
  const synonym = Object.hasOwn(SYNONYMS, input) ? SYNONYMS[input] : undefined;
  if (synonym !== undefined && candidates.includes(synonym)) return synonym;
  if (candidates.length > MAX_CANDIDATES) return undefined;
  const lower = input.toLowerCase();
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    if (candidate === input) continue;
    const d = candidate.toLowerCase() === lower ? 0 : editDistance(lower, candidate.toLowerCase(), bestDistance);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * Edit distance where swapping two neighbours counts as one edit ("TREM" → "TERM"),
 * giving up (returning `max`) once the answer cannot be below `max`.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) >= max) return max;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, before[j - 2]! + 1);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin >= max) return max;
    before = previous;
    previous = current;
  }
  return previous[b.length]!;
}
