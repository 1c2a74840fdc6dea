/**
 * Secrets out of everything stack prints about a running stack: `status` (exit reasons,
 * health details, a foreign process's command line), the event timeline, and the log
 * tails quoted in errors. `stack config` masks by variable name (secrets.ts); text has
 * no names, so a redactor replaces the *values*: every secret-named variable's value
 * known to the stack (stack.yaml, env files, the environment stack runs in), plus
 * anything that looks like one (`--api-key=…`, `TOKEN=…`, a URL's password).
 *
 * `stack logs` is the exception by design: it shows what the service wrote, as written.
 */
import type { StatusResponse } from './status.js';
import type { StackConfig } from '../config/types.js';
import { isSecretName, MASK, SECRET_WORDS, URL_PASSWORD } from '../config/secrets.js';

export type Redactor = (text: string) => string;

/**
 * Values shorter than this are not hunted down in free text: a `DEBUG_KEY=1` would
 * otherwise mask every "1" in a log line. Such values are still masked where a name
 * says what they are (`KEY=1`).
 */
export const MIN_SECRET_LENGTH = 4;

/** name=value where the name says secret: `--api-key=abc`, `DB_PASSWORD=abc`, `?token=abc`. */
const NAMED_ASSIGNMENT = new RegExp(`((?<![\\w.-])[\\w.-]*?(?:${SECRET_WORDS})[\\w.-]*=)([^\\s&;,'"]+)`, 'gi');

const cache = new WeakMap<StackConfig, Redactor>();

/** The redactor for a config (cached per config object) and the environment stack runs in. */
export function redactorFor(config: StackConfig | null, env: NodeJS.ProcessEnv = process.env): Redactor {
  if (config === null) return redactorFromEnvs([env]);
  let redactor = cache.get(config);
  if (!redactor) {
    redactor = redactorFromEnvs([env, ...Object.values(config.services).map((s) => s.env)]);
    cache.set(config, redactor);
  }
  return redactor;
}

export function redactorFromEnvs(envs: Iterable<Readonly<Record<string, string | undefined>>>): Redactor {
  const values = new Set<string>();
  for (const env of envs) {
    for (const [name, value] of Object.entries(env)) {
      if (value === undefined) continue;
      if (isSecretName(name) && value.length >= MIN_SECRET_LENGTH) values.add(value);
      for (const match of value.matchAll(URL_PASSWORD)) {
        if (match[2]!.length >= MIN_SECRET_LENGTH) values.add(match[2]!);
      }
    }
  }
  // Longest first, so a secret containing another is masked whole.
  const known =
    values.size === 0
      ? null
      : new RegExp([...values].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|'), 'g');
  return (text) => {
    let out = known ? text.replace(known, MASK) : text;
    out = out.replace(NAMED_ASSIGNMENT, (_all, name: string, value: string) => (value === MASK ? `${name}${value}` : `${name}${MASK}`));
    return out.replace(URL_PASSWORD, `$1${MASK}$3`);
  };
}

/** A copy of a JSON-like value with every string redacted (object keys are left alone). */
export function redactDeep<T>(value: T, redact: Redactor): T {
  if (typeof value === 'string') return redact(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => redactDeep(v, redact)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactDeep(v, redact)])) as T;
  }
  return value;
}

/**
 * Status is shown to people and pasted into chats: the free-text fields that can quote
 * a service's output or another program's command line go through the redactor.
 */
export function redactStatus(status: StatusResponse, redact: Redactor): StatusResponse {
  return {
    ...status,
    services: status.services.map((s) => ({
      ...s,
      lastExit: s.lastExit && { ...s.lastExit, reason: s.lastExit.reason === null ? null : redact(s.lastExit.reason) },
      ...(s.healthDetail ? { healthDetail: redact(s.healthDetail) } : {}),
      ...(s.foreign ? { foreign: { ...s.foreign, command: s.foreign.command === null ? null : redact(s.foreign.command) } } : {}),
    })),
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
