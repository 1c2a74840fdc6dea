/**
 * `wait` and the acting tools, `up`, `down` and `restart`: each runs what its command
 * runs (the same operation options, reported through cli/run-operation.ts) and returns
 * the document its `--json` prints. They start the daemon as the commands do.
 */
import * as z from 'zod';
import { ensureDaemon } from '../../client/daemon-client.js';
import { daemonControl } from '../../client/daemon-control.js';
import type { Progress, StackControl } from '../../protocol/control.js';
import { redactDeep, redactorFor } from '../../protocol/redact.js';
import { WAIT_CONDITIONS } from '../../protocol/wait.js';
import { StackError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import { downStack, downTarget } from '../../cli/commands/down.js';
import { restartOperation } from '../../cli/commands/restart.js';
import { upOperation } from '../../cli/commands/up.js';
import { waitFor } from '../../cli/commands/wait.js';
import { checkServiceNames } from '../../cli/project.js';
import { errorLines } from '../../cli/report-error.js';
import type { OperationJson } from '../../cli/render/operation-json.js';
import { ProgressPrinter } from '../../cli/render/progress.js';
import { WaitReport, waitDocument } from '../../cli/render/wait-report.js';
import { runOperation, type OperationOptions } from '../../cli/run-operation.js';
import type { ToolOutcome } from '../result.js';
import { operationSummary, waitSummary } from '../summary/reports.js';
import { servicesField } from './read.js';
import { READ_ONLY, timeoutField, tool, type ToolContext } from './tool.js';

/** MCP clients give up on a call after about a minute; a timeout below that gets the reason back instead. */
const DEFAULT_TIMEOUT = '30s';
const timeoutInput = (what: string) => z.string().optional().describe(`give up ${what} after this long ("30s", "2m"); default ${DEFAULT_TIMEOUT}. Services keep starting in the background: call wait to wait longer`);

export const ACT_TOOLS = [
  tool({
    name: 'wait',
    title: 'Wait for services',
    description:
      'Blocks until every named service (default: all) is in the condition: healthy (running and its health check passing), running (a process runs, even booting), completed (a one-shot job exited 0) or stopped. Returns as soon as they are, or as soon as one can no longer get there (it crashed under restart: no, a crash loop; the crash line says why) or the timeout passes (isError, with each service not there yet, its state and last check). The same JSON as `stack wait --json`: { ok, for, timedOut, services: [{ name, state, health, pid, ok, reason }] }.',
    input: {
      services: servicesField('what to wait for'),
      for: z.enum(WAIT_CONDITIONS).optional().describe('the condition; default healthy'),
      timeout: timeoutInput('waiting'),
    },
    annotations: READ_ONLY,
    async run(ctx, args) {
      const paths = ctx.paths();
      const config = await ctx.config(paths);
      const condition = args.for ?? 'healthy';
      const report = new WaitReport(Object.keys(config.services), condition, true);
      const progress: Progress = (event) => {
        report.progress(event);
        ctx.progress(`${event.service} ${event.phase === 'failed' ? `cannot be ${condition}: ${event.detail ?? 'failed'}` : `is ${condition}`}`);
      };
      const { done, daemonRunning } = await waitFor(paths, config, args.services ?? [], condition, timeoutField(args.timeout, DEFAULT_TIMEOUT), progress);
      const doc = waitDocument(condition, done);
      const error = report.failure(done, daemonRunning);
      return { json: doc, summary: waitSummary(doc, error ? errorLines(error) : []), failed: error !== null };
    },
  }),
  tool({
    name: 'up',
    title: 'Start the stack',
    description:
      "Starts the named services (default: all) and their dependencies in dependency order, starting the stack's daemon if needed, and returns when they are ready (or, with wait false, once started). With the stack running it applies what changed in stack.yaml: it restarts the services whose process runs with other config, starts new ones and, with no names, stops those stack.yaml no longer lists; the others keep their pid. The same JSON as `stack up --json`: { ok, services: [{ name, state, health, pid, elapsedMs, error }] }; a service that fails comes back as isError with its crash reason and log tail.",
    input: {
      services: servicesField('what to start'),
      wait: z.boolean().optional().describe('wait until they are ready (default true); false returns once they are started'),
      timeout: timeoutInput('waiting for them to be ready'),
    },
    // Converges on stack.yaml: calling it again changes nothing; it stops only what the file no longer lists.
    annotations: { readOnlyHint: false, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    async run(ctx, args) {
      const paths = ctx.paths();
      const config = await ctx.config(paths);
      const names = args.services ?? [];
      checkServiceNames(config, names);
      const timeoutMs = timeoutField(args.timeout, DEFAULT_TIMEOUT);
      await ensureDaemon(paths);
      const wait = args.wait ?? true;
      return operate(ctx, paths, upOperation(paths, config, names, wait, timeoutMs), wait ? 'ready' : 'starting');
    },
  }),
  tool({
    name: 'down',
    title: 'Stop services',
    description:
      'Stops the named services and what depends on them, dependents first, each whole process group; with no names, every service and the daemon. The same JSON as `stack down --json`: { ok, services: [{ name, state, health, pid, elapsedMs, error }] }.',
    input: { services: servicesField('what to stop') },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: true, openWorldHint: false },
    async run(ctx, args) {
      const paths = ctx.paths();
      // While stack.yaml does not load, what the daemon runs is stopped all the same.
      const { target } = await downTarget(paths, () => ctx.config(paths));
      const names = args.services ?? [];
      return capture('stopped', async (report) => {
        const control = observed(daemonControl(paths), progressLines(ctx, [...target.services], undefined, target.redact));
        return (await downStack(paths, target, names, { ...report, control })) === null ? 'nothing-running' : 'done';
      });
    },
  }),
  tool({
    name: 'restart',
    title: 'Restart services',
    description:
      "Stops and starts the named services again, running each one's build first when it has one (a failed build leaves the running version alone), and returns when they are ready: the way to make a STALE service run the code on disk. Services depending on them keep running unless dependents is true. The same JSON as `stack restart --json`: { ok, services: [{ name, state, health, pid, elapsedMs, error }] }; a failure comes back as isError with the crash reason and log tail.",
    input: {
      services: z.array(z.string()).min(1).describe('what to restart (service names from stack.yaml)'),
      withDeps: z.boolean().optional().describe('also restart what they depend on'),
      dependents: z.boolean().optional().describe('also restart what depends on them'),
      timeout: timeoutInput('waiting for them to be ready'),
    },
    annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: false },
    async run(ctx, args) {
      const paths = ctx.paths();
      const config = await ctx.config(paths);
      const operation = restartOperation(paths, config, args.services, { withDeps: args.withDeps, dependents: args.dependents });
      const timeoutMs = timeoutField(args.timeout, DEFAULT_TIMEOUT);
      await ensureDaemon(paths);
      return operate(ctx, paths, { ...operation, timeoutMs }, 'restarted');
    },
  }),
];

/** The operation as its command runs it, with the JSON document and failure lines caught instead of printed. */
function operate(ctx: ToolContext, paths: ProjectPaths, options: OperationOptions, verb: string): Promise<ToolOutcome> {
  const lines = progressLines(ctx, options.services, options.focus, options.redact ?? redactorFor(null));
  return capture(verb, async (report) => {
    await runOperation(paths, { ...options, ...report, control: observed(options.control, lines) });
    return 'done';
  });
}

type Report = Required<Pick<OperationOptions, 'json' | 'emitJson' | 'writeError'>>;

async function capture(verb: string, run: (report: Report) => Promise<'done' | 'nothing-running'>): Promise<ToolOutcome> {
  let doc: OperationJson | null = null;
  const details: string[] = [];
  const report: Report = { json: true, emitJson: (d) => (doc = d), writeError: (line) => details.push(line) };
  try {
    const outcome = await run(report);
    const json = doc ?? { ok: true, services: [] };
    if (outcome === 'nothing-running') return { json, summary: 'Nothing is running: there was nothing to stop.' };
    return { json, summary: operationSummary(verb, json, null) };
  } catch (error) {
    // A failed or timed-out operation printed its document before the error, as with --json.
    if (doc === null || !(error instanceof StackError)) throw error;
    return { json: doc, summary: operationSummary(verb, doc, { details, error: errorLines(error) }), failed: true };
  }
}

/** Each progress step as the line `stack up` would print, sent as a progress notification. */
function progressLines(ctx: ToolContext, services: readonly string[], focus: readonly string[] | undefined, redact: (text: string) => string): Progress {
  const printer = new ProgressPrinter(services, focus, (line) => ctx.progress(line));
  return (event) => printer.progress(redactDeep(event, redact));
}

/** The same control, with every progress event also shown to `observe`. */
function observed(control: StackControl, observe: Progress): StackControl {
  const both = (progress: Progress): Progress => (event) => {
    observe(event);
    progress(event);
  };
  return {
    up: (request, progress, signal) => control.up(request, both(progress), signal),
    down: (request, progress, signal) => control.down(request, both(progress), signal),
    restart: (request, progress, signal) => control.restart(request, both(progress), signal),
    status: () => control.status(),
    wait: (request, progress, signal) => control.wait(request, both(progress), signal),
  };
}
