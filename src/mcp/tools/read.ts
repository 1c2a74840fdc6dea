/**
 * The read-only tools: each runs the CLI's own builder for the command of the same name
 * and returns what its `--json` prints. None starts a daemon (status re-adopts what a
 * dead one left running, as `stack status` does); without one they answer from stack.yaml.
 */
import * as z from 'zod';
import { analyzeTimeline } from '../../analyze/read.js';
import { currentStatus } from '../../client/status.js';
import { diagnose } from '../../doctor/diagnose.js';
import type { StackConfig } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import { displayPath } from '../../format.js';
import { graphDocument } from '../../graph/graph-view.js';
import { redactDeep, redactorFor } from '../../protocol/redact.js';
import { withMaskedSecrets } from '../../cli/commands/config.js';
import { readEvents } from '../../cli/commands/events.js';
import { currentGraph } from '../../cli/commands/graph.js';
import { logSources, logsDocument } from '../../cli/commands/logs.js';
import { grepPattern, sinceTime } from '../../cli/log-lines.js';
import { checkServiceNames } from '../../cli/project.js';
import { eventsSummary, configSummary, logsSummary } from '../summary/records.js';
import { analyzeSummary } from '../summary/analyze.js';
import { doctorSummary } from '../summary/reports.js';
import { graphSummary, statusSummary } from '../summary/status.js';
import { READ_ONLY, tool, type ToolContext } from './tool.js';

export const servicesField = (what: string) => z.array(z.string()).optional().describe(`${what} (service names from stack.yaml); default: every service`);

/** stack.yaml when it loads, else null (a reader that does without it). */
async function configIfItLoads(ctx: ToolContext, paths: ProjectPaths): Promise<StackConfig | null> {
  try {
    return await ctx.config(paths);
  } catch (error) {
    if (error instanceof ConfigError) return null;
    throw error;
  }
}

export const READ_TOOLS = [
  tool({
    name: 'status',
    title: 'Status of the stack',
    description:
      'Each service: state, health, pid, port, uptime, restarts, cpu, memory, and whether it runs STALE code (a watched source file changed after the process started: staleFiles names them) or a CONFIG CHANGED (configChanges names the stack.yaml keys). The same JSON as `stack status --json`. Works without a daemon (then everything is stopped). Ask this before testing against the running stack: a stale process serves old code.',
    input: {},
    annotations: READ_ONLY,
    async run(ctx) {
      const status = await currentStatus(ctx.paths());
      return { json: status, summary: statusSummary(status) };
    },
  }),
  tool({
    name: 'doctor',
    title: 'Diagnose the stack',
    description:
      'Runs the check catalogue (config problems, commands not found, busy ports, port mismatches, down/unhealthy/crash-looping services with their crash reason, stale code, changed config, unreachable dependencies) and returns the findings root cause first, each with the command to run next. The same JSON as `stack doctor --json`: { ok, findings: [{ check, severity, service, message, hint, fixable }] }. Works without a daemon; a broken stack.yaml is reported as findings.',
    input: { services: servicesField('only these services and what they depend on') },
    annotations: READ_ONLY,
    async run(ctx, args) {
      const names = args.services ?? [];
      const diagnosis = await diagnose(ctx.paths(), names);
      if (diagnosis.context.config && names.length > 0) checkServiceNames(diagnosis.context.config, names);
      return { json: diagnosis.report, summary: doctorSummary(diagnosis.report, diagnosis.services) };
    },
  }),
  tool({
    name: 'logs',
    title: 'Service logs',
    description:
      "The last lines of each service's log (stdout and stderr as the service wrote them; stopped and crashed services too), optionally only lines matching a regular expression or written since a time. The same JSON as `stack logs --json`: { services: [{ name, file, lines }] }, except that secret values are masked here.",
    input: {
      services: servicesField('whose logs'),
      lines: z.number().int().min(0).max(10_000).optional().describe('how many lines per service, the last ones (with grep: the last matching ones); default 50'),
      grep: z.string().optional().describe('only lines matching this JavaScript regular expression, case-sensitive, e.g. "Error|WARN"'),
      since: z.string().optional().describe('only lines written since then: a duration ago ("10m", "1h"), a time today ("14:02") or an ISO date'),
    },
    annotations: READ_ONLY,
    async run(ctx, args) {
      const paths = ctx.paths();
      const config = await ctx.config(paths);
      checkServiceNames(config, args.services ?? []);
      const grep = args.grep === undefined ? undefined : grepPattern(args.grep, 'grep');
      const since = args.since === undefined ? undefined : sinceTime(args.since, 'since');
      const { selected } = logSources(paths, Object.keys(config.services), args.services ?? []);
      // What a service wrote may hold secrets; an MCP client hands what it reads to a model.
      const doc = redactDeep(await logsDocument(paths, selected, { lines: args.lines ?? 50, since, grep }), redactorFor(config));
      return { json: doc, summary: logsSummary(doc, args.grep) };
    },
  }),
  tool({
    name: 'events',
    title: 'Timeline of the stack',
    description:
      'The latest events, oldest first: starts, exits with code, signal and crash reason, health changes, stale marks, scheduled and done restarts, crash loops, builds, log rotations. { events: [...] }, each event the object `stack events --json` prints on a line.',
    input: {
      services: servicesField('only events about these'),
      lines: z.number().int().min(0).max(10_000).optional().describe('how many of the latest events; default 30'),
    },
    annotations: READ_ONLY,
    async run(ctx, args) {
      const paths = ctx.paths();
      const names = args.services ?? [];
      // The timeline is readable while stack.yaml is broken; names are checked when it loads.
      const config = names.length > 0 ? await configIfItLoads(ctx, paths) : null;
      if (config) checkServiceNames(config, names);
      const { events, found } = await readEvents(paths, names, args.lines ?? 30);
      return { json: { events }, summary: eventsSummary(events, found) };
    },
  }),
  tool({
    name: 'analyze',
    title: 'Where the last up spent its time',
    description:
      "The critical chain of the last `stack up`, from the timeline: per service the time it waited for its dependencies, built, spawned, took to listen and to become ready, and which chain of services set the total. The same JSON as `stack analyze --json`; after a failed up, `problem` and each service's `outcome` and `error` say how far it got. Works without a daemon.",
    input: {},
    annotations: READ_ONLY,
    async run(ctx) {
      const analysis = await analyzeTimeline(ctx.paths().eventsFile);
      return { json: analysis, summary: analyzeSummary(analysis) };
    },
  }),
  tool({
    name: 'graph',
    title: 'Dependency graph',
    description:
      "The dependency graph from stack.yaml: each service's depends_on with its condition (healthy, started, completed) and, while a daemon runs, its live state, health, stale and configChanged. The same JSON as `stack graph --format json`; the text has the tree. Never starts a daemon.",
    input: {},
    annotations: READ_ONLY,
    async run(ctx) {
      const paths = ctx.paths();
      const nodes = await currentGraph(paths, await ctx.config(paths));
      return { json: graphDocument(nodes), summary: graphSummary(nodes) };
    },
  }),
  tool({
    name: 'config',
    title: 'Resolved config',
    description:
      'Validates stack.yaml and returns the resolved config: defaults filled in, ${VAR} interpolated, paths absolute. The same JSON as `stack config --json`: values of variables named like *TOKEN*, *PASSWORD*, *SECRET*, *KEY* and passwords in URLs are masked (there is no way to unmask them here). A broken stack.yaml is an error naming file:line:col of each problem.',
    input: {},
    annotations: READ_ONLY,
    async run(ctx) {
      const paths = ctx.paths();
      const config = await ctx.config(paths);
      return { json: withMaskedSecrets(config), summary: configSummary(config, displayPath(config.file, paths.root)) };
    },
  }),
];
