import { Document, isScalar } from 'yaml';
import type { Command } from 'commander';
import type { HealthProbe, StackConfig } from '../../config/types.js';
import { durationLiteral } from '../../config/duration.js';
import { maskEnv } from '../../config/secrets.js';
import { loadProjectConfig, locateProject } from '../project.js';

export async function configCommand(program: Command, options: { json?: boolean; showSecrets?: boolean }): Promise<void> {
  const loaded = await loadProjectConfig(locateProject(program));
  const config = options.showSecrets ? loaded : withMaskedSecrets(loaded);
  if (options.json) {
    console.log(JSON.stringify(config, null, 2));
    return;
  }
  process.stdout.write(withAutoPortComments(new Document(toYamlShape(config)), config).toString());
}

/** `port: 41234 # auto, kept in .stack/ports.json`: the number `up` uses, and where it comes from. */
function withAutoPortComments(doc: Document, config: StackConfig): Document {
  for (const s of Object.values(config.services)) {
    if (!s.portAuto) continue;
    const node = doc.getIn(['services', s.name, 'port'], true);
    if (isScalar(node)) node.comment = s.port === undefined ? ' auto: not chosen yet (stack up chooses it)' : ' auto, kept in .stack/ports.json';
  }
  return doc;
}

/** The resolved config in stack.yaml's own vocabulary, so it reads like the file it came from. */
function toYamlShape(config: StackConfig): unknown {
  return {
    name: config.name,
    file: config.file,
    services: Object.fromEntries(
      Object.values(config.services).map((s) => [
        s.name,
        {
          command: 'shell' in s.command ? s.command.shell : s.command.argv,
          cwd: s.cwd,
          ...(s.port !== undefined ? { port: s.port } : s.portAuto ? { port: 'auto' } : {}),
          env: s.env,
          health: {
            ...probeShape(s.health.probe),
            interval: durationLiteral(s.health.interval),
            timeout: durationLiteral(s.health.timeout),
            retries: s.health.retries,
            start_period: durationLiteral(s.health.startPeriod),
          },
          depends_on: s.dependsOn,
          watch: s.watch,
          ...(s.build ? { build: s.build } : {}),
          restart: s.restart,
          on_stale: s.onStale,
          stop_signal: s.stopSignal,
          stop_timeout: durationLiteral(s.stopTimeout),
          ...(s.memoryLimit !== undefined ? { memory_limit: sizeLiteral(s.memoryLimit) } : {}),
          ...(s.pidFile ? { pid_file: s.pidFile } : {}),
        },
      ]),
    ),
  };
}

/** 536870912 → "512MB", exactly (stack.yaml's binary units), so it reads back as written. */
function sizeLiteral(bytes: number): string {
  for (const [unit, size] of [['GB', 1024 ** 3], ['MB', 1024 ** 2], ['KB', 1024]] as const) {
    if (bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return `${bytes}B`;
}

function probeShape(probe: HealthProbe): object {
  switch (probe.kind) {
    case 'http':
      return { http: probe.url };
    case 'tcp':
      // An IPv6 address in brackets, as stack.yaml takes it: [::1]:5432.
      return { tcp: `${probe.host.includes(':') ? `[${probe.host}]` : probe.host}:${probe.port}` };
    case 'exec':
      return { exec: probe.command };
    case 'log':
      return { log: probe.pattern };
    case 'process':
      return { process: 'alive' };
  }
}

/** What `stack config --json` prints without --show-secrets (and `stack mcp`'s config tool): every env value masked as secrets are. */
export function withMaskedSecrets(config: StackConfig): StackConfig {
  const services = Object.fromEntries(Object.entries(config.services).map(([name, s]) => [name, { ...s, env: maskEnv(s.env) }]));
  return { ...config, services };
}
