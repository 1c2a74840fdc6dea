/**
 * Procfile (foreman, honcho, overmind): `name: command` per line, `#` comments, blank
 * lines. A process that uses $PORT gets a port the way foreman numbers them (base 5000,
 * or PORT from .env, plus 100 per line), and `.env` becomes the shared env_file, as
 * foreman and honcho load it. Heroku's `release` process type is its release phase (a
 * migration, run once before the new processes start): a job here, run once at `up`
 * before the others (`depends_on: { release: completed }`), not restarted when it fails.
 */
import { serviceName, uniqueNames, type Draft, type DraftService, type Note } from './draft.js';

export interface ProcfileEntry {
  /** As written in the Procfile. */
  type: string;
  command: string;
  line: number;
}

export interface ParsedProcfile {
  entries: ProcfileEntry[];
  /** Lines that are neither comments nor `name: command`. */
  skipped: Array<{ line: number; text: string }>;
}

// foreman's own pattern: a process type is letters, digits, - and _.
const ENTRY = /^([A-Za-z0-9_-]+):\s*(.+?)\s*$/;

export function parseProcfile(text: string): ParsedProcfile {
  const entries: ProcfileEntry[] = [];
  const skipped: ParsedProcfile['skipped'] = [];
  text.replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const match = ENTRY.exec(trimmed);
    if (match) entries.push({ type: match[1]!, command: match[2]!, line: index + 1 });
    else skipped.push({ line: index + 1, text: trimmed });
  });
  return { entries, skipped };
}

export interface ProcfileInput {
  parsed: ParsedProcfile;
  /** "Procfile" or "Procfile.dev", for notes. */
  file: string;
  /** A .env file is next to it. */
  hasEnvFile: boolean;
  /** PORT from .env, which foreman and honcho use as the base port. */
  basePort?: number;
}

const FOREMAN_BASE_PORT = 5000;
/** Heroku's release-phase process type. */
const RELEASE = 'release';
/** $PORT, ${PORT}, process.env.PORT, ENV['PORT'], os.environ["PORT"]…: the command itself reads the port. */
const USES_PORT = /(?<![A-Za-z0-9_])PORT(?![A-Za-z0-9_])/;

export function translateProcfile({ parsed, file, hasEnvFile, basePort }: ProcfileInput): Draft {
  const notes: Note[] = parsed.skipped.map((s) => ({
    kind: 'todo',
    text: `${file}:${s.line}: "${s.text}" is not "name: command"; skipped`,
  }));
  const names = uniqueNames(parsed.entries.map((e) => serviceName(e.type)));
  const base = basePort ?? FOREMAN_BASE_PORT;
  const services = parsed.entries.map((entry, index): DraftService => {
    const name = names[index]!;
    const service: DraftService = { name, fields: { command: entry.command }, comment: [`${file}:${entry.line}: ${entry.type}`] };
    if (name !== entry.type) notes.push({ service: name, kind: 'guess', text: `named "${name}" (process type "${entry.type}" is not a valid service name)` });
    // The `web` process is the one that serves $PORT (Heroku's convention), usually read in its code, not its command.
    const usesPort = USES_PORT.test(entry.command);
    if (usesPort || entry.type === 'web') {
      const port = base + 100 * index;
      service.fields.port = port;
      service.keyComments = { port: 'set as $PORT, as foreman numbers them; health: tcp on this port (the default)' };
      const why = usesPort ? 'uses $PORT' : 'is the web process, which serves $PORT';
      const unless = usesPort ? '' : '; if it does not listen on $PORT, remove port:';
      notes.push({
        service: name,
        kind: 'guess',
        text: `${why}: given port ${port}, checked with tcp; if it has a health route, write health: { http: "http://localhost:\${PORT}/health" }${unless}`,
      });
    } else if (entry.type === RELEASE) {
      service.fields.restart = 'no';
      service.keyComments = { restart: "Heroku's release phase: runs once, before the others; a failure is not retried" };
    } else {
      notes.push({ service: name, kind: 'guess', text: 'does not use $PORT: no port, healthy while its process runs' });
    }
    return service;
  });
  const release = parsed.entries.findIndex((e) => e.type === RELEASE);
  if (release >= 0) {
    const job = names[release]!;
    const others = services.filter((s) => s.name !== job);
    for (const other of others) other.fields.depends_on = { [job]: 'completed' };
    const after = others.length > 0 ? `; ${others.map((o) => o.name).join(', ')} start once it has completed (depends_on: { ${job}: completed })` : '';
    notes.push({ service: job, kind: 'guess', text: `Heroku's release phase: a job that runs once at stack up and is not restarted${after}` });
  }
  if (parsed.entries.length === 0) notes.push({ kind: 'todo', text: `${file} lists no processes` });
  return { from: file, ...(hasEnvFile ? { envFile: '.env' } : {}), services, notes };
}
