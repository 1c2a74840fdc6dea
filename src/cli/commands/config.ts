import { stringify } from 'yaml';
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
  process.stdout.write(stringify(toYamlShape(config)));
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
          ...(s.port !== undefined ? { port: s.port } : {}),
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
          ...(s.pidFile ? { pid_file: s.pidFile } : {}),
        },
      ]),
    ),
  };
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
