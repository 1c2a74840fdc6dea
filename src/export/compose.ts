/**
 * The stack as a compose file (`stack export compose`): one compose service per stack
 * service with its image, command, working directory, environment (secrets as
 * required `${NAME}` references), ports, healthcheck, depends_on conditions, restart
 * policy and stop settings. `$` is doubled wherever compose would interpolate it.
 */
import { durationLiteral } from '../config/duration.js';
import type { HealthConfig } from '../config/types.js';
import { type ExportModel, urlParts } from './model.js';
import { commentedYaml, type PlacedComment } from './yaml-doc.js';

const CONDITION = { started: 'service_started', healthy: 'service_healthy', completed: 'service_completed_successfully' } as const;

export function exportCompose(model: ExportModel, from: string): string {
  const comments: PlacedComment[] = [];
  const byName = new Map(model.services.map((s) => [s.name, s]));
  const services: Record<string, unknown> = {};
  for (const s of model.services) {
    const at = (key: string, text: string, inline = false) => comments.push({ path: ['services', s.name, key], text, inline });
    const out: Record<string, unknown> = { image: s.image };
    if (s.placeholderImage) at('image', `placeholder: no x-image: for ${s.name} in ${from}; build or name the image that runs it`, true);
    out.command = s.argv.map(escape);
    if (s.build) at('command', `stack runs \`${s.build}\` before it starts; build that into the image`);
    out.working_dir = escape(s.workdir);
    if (s.cwdOutside) at('working_dir', 'its cwd is outside the project: set the directory it runs in', true);
    if (s.env.length > 0) {
      out.environment = Object.fromEntries(
        s.env.map((e) => [e.name, 'secret' in e ? `\${${e.name}:?${e.name} is a secret: set it in the environment or .env}` : escape(e.value)]),
      );
      const notes = [
        ...s.env.filter((e) => 'secret' in e).map((e) => `${e.name}: a secret, not written here; compose reads it from the environment or .env`),
        ...s.rewrites.map((r) => `${r} (other services are reached by their names)`),
        ...s.outsiders.map((o) => `${o} is no service of this stack, and in a container localhost is the container itself: point it at the host (host.docker.internal; on Linux with extra_hosts: ["host.docker.internal:host-gateway"]) or add what listens there as a service`),
      ];
      if (notes.length > 0) at('environment', notes.join('\n'));
    }
    if (s.port !== undefined) out.ports = [`${s.port}:${s.port}`];
    const health = healthcheck(s.health);
    if (health.test) out.healthcheck = health.test;
    if (health.comment) at(health.test ? 'healthcheck' : 'image', health.comment);
    const deps = Object.entries(s.dependsOn);
    if (deps.length > 0) {
      out.depends_on = Object.fromEntries(
        deps.map(([dep, condition]) => {
          const target = byName.get(dep);
          const checked = target !== undefined && healthcheck(target.health).test !== undefined;
          return [dep, { condition: condition === 'healthy' && !checked ? CONDITION.started : CONDITION[condition] }];
        }),
      );
      const unchecked = deps.filter(([dep, c]) => c === 'healthy' && healthcheck(byName.get(dep)!.health).test === undefined).map(([d]) => d);
      if (unchecked.length > 0) at('depends_on', `${unchecked.join(', ')}: no healthcheck to wait for, so started (stack calls it healthy while its process runs)`);
    }
    out.restart = s.restart;
    if (s.stopSignal !== 'SIGTERM') out.stop_signal = s.stopSignal;
    out.stop_grace_period = durationLiteral(s.stopTimeoutMs);
    if (s.memoryLimit !== undefined) {
      out.mem_limit = memoryLiteral(s.memoryLimit);
      at('mem_limit', 'memory_limit: docker kills the container at the limit (stack restarted it after two samples over)');
    }
    services[s.name] = out;
  }
  const header = [
    `Written by \`stack export compose\` from ${from}; run it with: docker compose -p ${model.project} -f <this file> up`,
    `Paths assume the project is at /app in every image (working_dir). Health checks run inside the containers.`,
    ...(model.secrets.length > 0 ? [`Secrets left out of this file (set them in the environment or .env): ${model.secrets.join(', ')}`] : []),
  ];
  return commentedYaml({ services }, header, comments);
}

/** Bytes in compose's units (binary, like stack's): 268435456 → "256m". */
export function memoryLiteral(bytes: number): string {
  const MiB = 1024 * 1024;
  return bytes % MiB === 0 ? `${bytes / MiB}m` : `${bytes}b`;
}

function escape(text: string): string {
  return text.replace(/\$/g, '$$$$');
}

/** A stack health check as compose's `healthcheck:`; a process or log check has no equivalent. */
export function healthcheck(health: HealthConfig): { test?: Record<string, unknown>; comment?: string } {
  const timing = {
    interval: durationLiteral(health.interval),
    timeout: durationLiteral(health.timeout),
    retries: health.retries,
    start_period: durationLiteral(health.startPeriod),
  };
  const probe = health.probe;
  switch (probe.kind) {
    case 'http': {
      const url = escape(probe.url);
      const insecure = urlParts(probe.url).https ? ' -k' : '';
      return {
        test: { test: ['CMD-SHELL', `curl -fsS${insecure} -o /dev/null ${url} || wget -q -O /dev/null ${url}`], ...timing },
        comment: `stack's http check (${probe.url}, 2xx/3xx); needs curl or wget in the image`,
      };
    }
    case 'tcp': {
      const host = probe.host === 'localhost' ? '127.0.0.1' : probe.host;
      return {
        test: { test: ['CMD-SHELL', `nc -z ${host} ${probe.port} || bash -c '</dev/tcp/${host}/${probe.port}'`], ...timing },
        comment: `stack's tcp check (port ${probe.port}); needs nc or bash in the image`,
      };
    }
    case 'exec':
      return { test: { test: ['CMD-SHELL', escape(probe.command)], ...timing } };
    case 'log':
      return { comment: `health log: /${probe.pattern}/ (ready once a log line matches) has no compose equivalent: no healthcheck` };
    case 'process':
      return {};
  }
}
