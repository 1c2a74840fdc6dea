/**
 * The zod schema of stack.yaml as written (after `x-` keys are dropped and ${…} is
 * interpolated). It validates, normalises (durations → ms, "TERM" → "SIGTERM", command
 * → {shell}|{argv}), and is the single source of the editor JSON Schema (json-schema.ts).
 * Defaults that depend on other keys (cwd, health probe, env merge) live in resolve.ts.
 */
import * as z from 'zod';
import type { DependencyCondition, HealthProbe } from './types.js';
import { describeValue, orList } from './describe.js';
import {
  commandSchema,
  durationOf,
  enumOf,
  envFileSchema,
  envSchema,
  expected,
  httpUrl,
  logPattern,
  memoryLimitSchema,
  oneOrMore,
  portSchema,
  sizeSchema,
  tcpTarget,
  text,
  type Issue,
} from './fields.js';
import { STOP_SIGNAL_SPELLINGS, normaliseSignal } from './signals.js';

export const SERVICE_NAME = /^[a-z0-9][a-z0-9_-]*$/;

/** Maps that also accept `x-` keys (see strip-extensions.ts); json-schema.ts says so to editors. */
const extensible = new WeakSet<object>();
export function acceptsExtensions(schema: object): boolean {
  return extensible.has(schema);
}
function withExtensions<T extends z.ZodType>(schema: T): T {
  extensible.add(schema);
  return schema;
}

const PROBES = ['http', 'tcp', 'exec', 'log'] as const;

export const healthSchema = withExtensions(
  z
    .strictObject(
      {
        http: httpUrl.optional().describe('Healthy when GET returns 2xx/3xx; localhost means 127.0.0.1 or ::1, whichever answers.'),
        tcp: tcpTarget.optional().describe('Healthy when the port accepts a connection; "host:port", or a port on localhost (127.0.0.1 or ::1).'),
        exec: text('a command').optional().describe('Healthy when this shell command exits 0.'),
        log: logPattern.optional().describe('Ready once a log line matches this regular expression.'),
        interval: durationOf('positive').optional(),
        timeout: durationOf('positive').optional(),
        retries: z
          .number({ error: expected('a whole number of at least 1') })
          .int({ error: expected('a whole number of at least 1') })
          .min(1, { error: expected('a whole number of at least 1') })
          .optional()
          .describe('Consecutive failures before the service counts as unhealthy.'),
        start_period: durationOf('any').optional().describe('Failures during this time after start do not count.'),
      },
      { error: expected(`a map with one of ${orList([...PROBES])}`) },
    )
    .superRefine((h, ctx) => {
      const given = PROBES.filter((p) => h[p] !== undefined);
      if (given.length > 1) {
        const set = `${given.slice(0, -1).join(', ')} and ${given[given.length - 1]}`;
        ctx.addIssue({ code: 'custom', path: [given[1]!], message: `only one probe per service, but ${set} are set` });
      }
    }),
)
  .transform((h) => ({
    probe: probeOf(h),
    interval: h.interval,
    timeout: h.timeout,
    retries: h.retries,
    startPeriod: h.start_period,
  }))
  .describe('Health check: one of http, tcp, exec, log. Default: tcp on the port, else "process alive".');

function probeOf(h: { http?: string; tcp?: { host: string; port: number }; exec?: string; log?: string }): HealthProbe | undefined {
  if (h.http !== undefined) return { kind: 'http', url: h.http };
  if (h.tcp !== undefined) return { kind: 'tcp', ...h.tcp };
  if (h.exec !== undefined) return { kind: 'exec', command: h.exec };
  if (h.log !== undefined) return { kind: 'log', pattern: h.log };
  return undefined;
}

const CONDITIONS = ['started', 'healthy', 'completed'] as const satisfies readonly DependencyCondition[];
const conditionSchema = z.enum(CONDITIONS, { error: expected(orList([...CONDITIONS])) });

export interface DependencyEntry {
  name: string;
  condition: DependencyCondition;
  /** Index in the list form, name in the map form: where the entry is written. */
  key: string | number;
}

export const dependsOnSchema = z
  .union(
    [
      z.array(z.string({ error: expected('a service name') })),
      withExtensions(
        z.record(
          z.string(),
          z.union(
            [conditionSchema, withExtensions(z.strictObject({ condition: conditionSchema.optional() })), z.null()],
            { error: expected(`${orList([...CONDITIONS])}, or a map with condition:`) },
          ),
        ),
      ),
    ],
    { error: expected('a list of service names, or a map of name: condition') },
  )
  .transform((d): DependencyEntry[] =>
    Array.isArray(d)
      ? d.map((name, key) => ({ name, condition: 'healthy', key }))
      : Object.entries(d).map(([name, c]) => ({
          name,
          condition: typeof c === 'string' ? c : (c?.condition ?? 'healthy'),
          key: name,
        })),
  )
  .describe('Services to start first. A list means condition "healthy"; a map gives started | healthy | completed.');

/** `build: npm run build`, or `build: { command, outputs: [globs] }` so doctor can tell a build older than its sources. */
const buildSchema = z
  .union(
    [
      text('a command'),
      withExtensions(
        z.strictObject(
          {
            command: text('a command').describe('Shell command run before start and restart; its log is kept.'),
            outputs: oneOrMore('a glob')
              .optional()
              .describe('Globs, relative to cwd, of the files the build writes. doctor reports stale-build when the oldest is older than the newest source, or none exists.'),
          },
          { error: expected('a map with command: and outputs:') },
        ),
      ),
    ],
    { error: expected('a command, or a map with command: and outputs:') },
  )
  .transform((b) => (typeof b === 'string' ? { command: b, outputs: [] as string[] } : { command: b.command, outputs: b.outputs ?? [] }));

export const serviceSchema = withExtensions(
  z.strictObject(
    {
      command: commandSchema,
      cwd: text('a directory').optional().describe('Working directory, relative to the stack file. Default: its directory.'),
      port: portSchema.optional(),
      env: envSchema.optional(),
      env_file: envFileSchema.optional(),
      health: healthSchema.optional(),
      depends_on: dependsOnSchema.optional(),
      watch: oneOrMore('a glob')
        .optional()
        .describe('Source globs relative to cwd, for stale-code detection. Default: everything under cwd.'),
      build: buildSchema
        .optional()
        .describe('Shell command run before start and restart (its log is kept), or a map { command, outputs: [globs] }.'),
      restart: enumOf(['always', 'on-failure', 'no']).optional().describe('Restart policy. Default: on-failure.'),
      on_stale: enumOf(['warn', 'restart']).optional().describe('What to do when sources change under a running service. Default: warn.'),
      staleness: enumOf(['watch', 'loaded'])
        .optional()
        .describe('What counts as a source: watch (default: the watch globs) or loaded (the files its Node processes load, plus the watch globs).'),
      stop_signal: z
        .enum(STOP_SIGNAL_SPELLINGS as [string, ...string[]], { error: expected('a signal name like SIGTERM or SIGINT') })
        .transform(normaliseSignal)
        .optional()
        .describe('Signal sent to stop the service. Default: SIGTERM.'),
      stop_timeout: durationOf('any').optional().describe('Time to wait after stop_signal before SIGKILL. Default: 10s.'),
      memory_limit: memoryLimitSchema.optional(),
      pid_file: text('a file path')
        .optional()
        .describe('For a command that daemonizes: the file, relative to cwd, where its server writes its pid. stack then tracks that process.'),
    },
    { error: expected('a map with at least command:') },
  ),
);

export const servicesSchema = withExtensions(
  z
    .record(
      z.string().regex(SERVICE_NAME, {
        error: (issue: Issue) =>
          `service name ${describeValue(issue.input)} must be lowercase letters, digits, - and _, starting with a letter or digit`,
      }),
      serviceSchema,
      { error: expected('a map of services') },
    )
    .refine((services) => Object.keys(services).length > 0, { error: 'needs at least one service' }),
);

const logsSchema = withExtensions(
  z
    .strictObject(
      {
        max_size: sizeSchema.optional().describe('Rotate a service log when it grows past this size. Default 10MB.'),
        keep: z
          .number({ error: expected('a whole number of at least 1') })
          .int({ error: expected('a whole number of at least 1') })
          .min(1, { error: expected('a whole number of at least 1') })
          .max(100, { error: expected('a whole number up to 100') })
          .optional()
          .describe('How many rotated files to keep (<svc>.log.1 … .N). Default 3.'),
      },
      { error: expected('a map with max_size and/or keep') },
    )
    .describe('Log rotation for .stack/logs/<svc>.log.'),
);

export const stackFileSchema = withExtensions(
  z.strictObject(
    {
      name: text('a project name').optional().describe('Project name. Default: the name of the directory holding the file.'),
      env: envSchema.optional(),
      env_file: envFileSchema.optional(),
      logs: logsSchema.optional(),
      services: servicesSchema,
    },
    { error: expected('a map with services:') },
  ),
);

export type StackFile = z.output<typeof stackFileSchema>;
export type ServiceFile = z.output<typeof serviceSchema>;
