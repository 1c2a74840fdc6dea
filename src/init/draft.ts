/**
 * What `stack init` builds before anything is written: the services it found, in
 * stack.yaml's own vocabulary, with the comments that go above or beside their keys,
 * and the notes it prints (what it guessed, what to check). Each translator (Procfile,
 * compose, package.json) is a pure function from parsed input to a Draft.
 */

export const INIT_SOURCES = ['procfile', 'compose', 'package'] as const;
export type Source = (typeof INIT_SOURCES)[number];

export interface DraftService {
  /** A valid stack service name; `x-<name>` when `disabled`. */
  name: string;
  /** stack.yaml keys in the order they are written (command, cwd, port, env, …). */
  fields: Record<string, unknown>;
  /** Comment lines written above the service. */
  comment?: string[];
  /** A comment at the end of a key's line, by key. */
  keyComments?: Record<string, string>;
  /** Kept under an `x-` key: stack ignores it (e.g. an image with no docker to run it). */
  disabled?: boolean;
}

export interface Note {
  /** The service it is about; none for the whole file. */
  service?: string;
  /** A guess made for you to check, or a thing that needs doing before `stack up`. */
  kind: 'guess' | 'todo';
  text: string;
}

export interface Draft {
  /** The file read, as shown: "Procfile", "docker-compose.yml", "package.json". */
  from: string;
  /** Top-level env_file, when one applies to every service. */
  envFile?: string;
  services: DraftService[];
  notes: Note[];
}

/**
 * A stack service name from a Procfile process type, compose service or package name:
 * lowercase letters, digits, - and _, starting with a letter or digit ("@shop/Web UI" → "web-ui").
 */
export function serviceName(raw: string): string {
  const base = raw.replace(/^@[^/]+\//, '').toLowerCase();
  const cleaned = base
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '')
    .replace(/-+$/, '');
  return cleaned === '' ? 'app' : cleaned;
}

/** Names made unique in order of appearance: web, web-2, web-3. */
export function uniqueNames(names: readonly string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate); n++) candidate = `${name}-${n}`;
    taken.add(candidate);
    return candidate;
  });
}
