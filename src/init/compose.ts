/**
 * docker-compose.yml / compose.yaml → a Draft. A service with `build:` runs its command
 * on this machine, in the build context; a service that only names an `image:` runs
 * with `docker run` (compose-docker.ts), or, when docker is not installed, is kept
 * under an `x-` key that stack ignores, with a note saying what to do.
 */
import { durationLiteral } from '../config/duration.js';
import { composeDurationMs, dependsOnOf, environmentOf, envFilesOf, isMap, joinCommand, argvOf, portOf, type Argv, type PortMapping } from './compose-fields.js';
import { rewritePeers, type Peer } from './compose-env.js';
import { dockerRunCommand } from './compose-docker.js';
import { healthOf, imageHealth, type HealthRead } from './compose-health.js';
import { dockerfileCommand } from './dockerfile.js';
import { serviceName, uniqueNames, type Draft, type DraftService, type Note } from './draft.js';

export type DockerState = { state: 'running' } | { state: 'no-daemon'; detail: string } | { state: 'absent' };

export interface ComposeInput {
  data: Record<string, unknown>;
  /** The compose file as shown, for notes. */
  file: string;
  /** Project name: containers are named <project>-<service>. */
  project: string;
  docker: DockerState;
  /** Does this path (relative to the compose file) exist? */
  exists: (rel: string) => boolean;
  /** The text of a file relative to the compose file, if there is one (Dockerfiles). */
  read: (rel: string) => string | undefined;
}

const USED = new Set(['image', 'build', 'command', 'entrypoint', 'environment', 'env_file', 'ports', 'depends_on', 'healthcheck', 'restart', 'stop_signal', 'stop_grace_period', 'container_name', 'volumes']);
const RESTART: Readonly<Record<string, string>> = { no: 'no', always: 'always', 'unless-stopped': 'always', 'on-failure': 'on-failure' };

export function translateCompose(input: ComposeInput): Draft {
  const notes: Note[] = [];
  const raw = isMap(input.data.services) ? input.data.services : {};
  const keys = Object.keys(raw);
  const names = uniqueNames(keys.map(serviceName));
  const nameOf = new Map(keys.map((k, i) => [k, names[i]!]));
  const peers: Peer[] = keys.map((k) => ({ name: k, ports: portsOf(raw[k]) }));
  const runsInDocker = new Set(keys.filter((k) => isMap(raw[k]) && raw[k].build === undefined && typeof raw[k].image === 'string'));
  const disabled = input.docker.state === 'absent' ? runsInDocker : new Set<string>();

  const services = keys.map((key): DraftService => {
    const spec = isMap(raw[key]) ? raw[key] : {};
    const name = nameOf.get(key)!;
    const note = (kind: Note['kind'], text: string): void => void notes.push({ service: name, kind, text });
    if (name !== key) note('guess', `named "${name}" (compose service "${key}" is not a valid stack service name)`);
    const draft = runsInDocker.has(key)
      ? dockerService(name, spec, input, note)
      : hostService(name, spec, input, peers.filter((p) => p.name !== key), note);
    dependencies(draft, spec, nameOf, disabled, note);
    lifecycle(draft, spec, note);
    const ignored = Object.keys(spec).filter((k) => !USED.has(k) && !k.startsWith('x-'));
    if (ignored.length > 0) note('todo', `not carried over: ${ignored.join(', ')}`);
    if (disabled.has(key)) {
      draft.name = `x-${name}`;
      draft.disabled = true;
      draft.comment = [
        `docker is not installed, so this service is kept under x-${name}, which stack ignores: install docker and rename it to ${name}, or run ${String(spec.image)} yourself.`,
        ...(draft.comment ?? []),
      ];
      note('todo', `needs docker to run ${String(spec.image)}, and docker is not installed: kept as x-${name}; install docker and rename it to ${name}`);
    }
    return draft;
  });
  if (keys.length === 0) notes.push({ kind: 'todo', text: `${input.file} has no services` });
  if (runsInDocker.size > 0 && input.docker.state === 'no-daemon') {
    notes.push({ kind: 'todo', text: `docker is installed but cannot run containers (${input.docker.detail}): start its daemon before stack up` });
  }
  return { from: input.file, services, notes };
}

function portsOf(spec: unknown): PortMapping[] {
  if (!isMap(spec) || !Array.isArray(spec.ports)) return [];
  return spec.ports.map(portOf).filter((p): p is PortMapping => p !== undefined);
}

type NoteFn = (kind: Note['kind'], text: string) => void;

function hostService(name: string, spec: Record<string, unknown>, input: ComposeInput, peers: Peer[], note: NoteFn): DraftService {
  const fields: Record<string, unknown> = {};
  const keyComments: Record<string, string> = {};
  const comment: string[] = [];
  const context = buildContext(spec.build);
  let command = joinCommand(argvOf(spec.entrypoint), argvOf(spec.command));
  if (!command && context !== undefined) {
    const dockerfile = isMap(spec.build) && typeof spec.build.dockerfile === 'string' ? spec.build.dockerfile : 'Dockerfile';
    const text = input.read(joinPath(context, dockerfile));
    command = text === undefined ? undefined : dockerfileCommand(text);
    if (command) keyComments.command = `the CMD of ${joinPath(context, dockerfile)}`;
  }
  fields.command = command ? commandValue(command) : `echo "stack.yaml: set the command that starts ${name}" >&2; exit 1`;
  if (!command) note('todo', 'no command found (neither command:, entrypoint: nor a Dockerfile CMD): write the one that starts it');
  if (context !== undefined && context !== '.') fields.cwd = context;
  if (context !== undefined) comment.push(`compose builds this one (build: ${context}); here it runs on this machine, in that directory`);
  if (typeof spec.image === 'string') comment.push(`image ${spec.image} is not used: the command runs directly`);

  const ports = portsOf(spec).filter((p) => p.protocol === 'tcp');
  const mapping = ports[0];
  const port = mapping ? (mapping.host ?? mapping.container) : undefined;
  if (port !== undefined) {
    fields.port = port;
    if (mapping!.host !== undefined && mapping!.host !== mapping!.container) {
      keyComments.port = `compose published ${mapping!.host} → ${mapping!.container} in the container`;
      note('guess', `port ${port}: the app gets it as $PORT; if it always listens on ${mapping!.container}, write port: ${mapping!.container}`);
    }
  }
  if (ports.length > 1) note('todo', `publishes ${ports.length} ports; stack watches one (${port}), the others are not carried over`);

  const env = environment(spec, note, peers);
  if (port !== undefined && env.PORT !== undefined && env.PORT !== String(port)) {
    note('guess', `environment sets PORT=${env.PORT}; stack sets PORT to the service's port (${port}), so it was left out`);
    delete env.PORT;
  }
  if (Object.keys(env).length > 0) fields.env = env;
  const envFiles = envFilesFor(spec, input, note);
  if (envFiles.length > 0) fields.env_file = envFiles.length === 1 ? envFiles[0] : envFiles;
  applyHealth(fields, keyComments, healthOf(spec.healthcheck, { kind: 'host', port, mapping }));
  if (fields.health === undefined && port !== undefined) note('guess', `no healthcheck: checked with tcp on port ${port}`);
  return { name, fields, comment, keyComments };
}

function dockerService(name: string, spec: Record<string, unknown>, input: ComposeInput, note: NoteFn): DraftService {
  const image = String(spec.image);
  const container = typeof spec.container_name === 'string' ? spec.container_name : `${input.project}-${name}`;
  const ports = portsOf(spec);
  const { env, passThrough } = environmentOf(spec.environment);
  const envFiles = envFilesFor(spec, input, note);
  const fields: Record<string, unknown> = {
    command: dockerRunCommand({
      container,
      image,
      ports,
      envNames: [...Object.keys(env), ...passThrough],
      envFiles,
      volumes: spec.volumes,
      entrypoint: spec.entrypoint,
      command: spec.command,
      project: input.project,
    }),
  };
  const keyComments: Record<string, string> = {};
  if (Object.keys(env).length > 0) {
    fields.env = env;
    keyComments.env = 'passed into the container with -e';
  }
  const comment = [
    `compose runs the image ${image}; here docker run does, in the foreground, so stack supervises it and stopping it stops the container. A container of this name left behind is removed first.`,
  ];
  if (passThrough.length > 0) note('guess', `${passThrough.join(', ')}: listed without a value, so docker takes them from the environment stack runs in`);
  let health: HealthRead = healthOf(spec.healthcheck, { kind: 'docker', container, ports });
  if (!health.health) health = imageHealth(image, container, env) ?? {};
  const published = ports.find((p) => p.host !== undefined && p.protocol === 'tcp');
  if (!health.health && published) {
    health = { health: { tcp: published.host }, comment: "docker's port proxy accepts connections as soon as the container starts, before the server in it may be ready" };
    note('guess', `checked with tcp on ${published.host}, which docker's proxy answers early; a healthcheck: in compose (or health: exec) is more exact`);
  }
  if (health.health && health.health.start_period === undefined) {
    health = { health: { ...health.health, start_period: '2m' }, comment: `${health.comment ? `${health.comment}; ` : ''}start_period 2m: the first run pulls the image` };
  }
  applyHealth(fields, keyComments, health);
  if (published) comment.push(`No port: key: ${published.host} is held by docker's proxy, not by this process, so stack's port checks would call it another program's.`);
  return { name, fields, comment, keyComments };
}

function environment(spec: Record<string, unknown>, note: NoteFn, peers: Peer[]): Record<string, string> {
  const { env, passThrough } = environmentOf(spec.environment);
  if (passThrough.length > 0) note('guess', `${passThrough.join(', ')}: listed without a value, so taken from the environment stack runs in`);
  for (const [name, value] of Object.entries(env)) {
    const rewritten = rewritePeers(value, peers);
    env[name] = rewritten.value;
    for (const text of rewritten.notes) note('guess', `env ${name}: ${text}`);
  }
  return env;
}

function envFilesFor(spec: Record<string, unknown>, input: ComposeInput, note: NoteFn): string[] {
  return envFilesOf(spec.env_file).flatMap((f) => {
    if (input.exists(f.path)) return [f.path];
    note(f.required ? 'todo' : 'guess', `env_file ${f.path} does not exist${f.required ? ' (compose would refuse to start)' : ''}; left out`);
    return [];
  });
}

function applyHealth(fields: Record<string, unknown>, keyComments: Record<string, string>, read: HealthRead): void {
  if (!read.health) return;
  fields.health = read.health;
  if (read.comment) keyComments.health = read.comment;
}

function dependencies(draft: DraftService, spec: Record<string, unknown>, nameOf: Map<string, string>, disabled: Set<string>, note: NoteFn): void {
  const deps: Record<string, string> = {};
  for (const dep of dependsOnOf(spec.depends_on)) {
    const target = nameOf.get(dep.name);
    if (target === undefined) {
      note('todo', `depends on ${dep.name}, which the compose file does not define; left out`);
      continue;
    }
    if (disabled.has(dep.name)) {
      note('todo', `depends on ${dep.name} (${dep.condition}), which needs docker: left out until x-${target} is renamed to ${target}`);
      draft.comment = [...(draft.comment ?? []), `depends_on { ${target}: ${dep.condition} } left out while ${target} is x-${target}; put it back when you rename it`];
      continue;
    }
    if (dep.unknownCondition) note('todo', `depends on ${dep.name} with condition ${dep.unknownCondition}, which stack does not have: waits for started`);
    if (dep.short) note('guess', `depends_on [${dep.name}] in compose waits only until it has started; write { ${target}: healthy } to wait until it is ready`);
    deps[target] = dep.condition;
  }
  if (Object.keys(deps).length > 0) draft.fields.depends_on = deps;
}

function lifecycle(draft: DraftService, spec: Record<string, unknown>, note: NoteFn): void {
  if (typeof spec.restart === 'string') {
    const policy = RESTART[spec.restart.split(':')[0]!];
    if (policy) draft.fields.restart = policy;
    else note('todo', `restart: ${spec.restart} is not a policy stack knows; the default (on-failure) applies`);
  }
  if (typeof spec.stop_signal === 'string') draft.fields.stop_signal = spec.stop_signal;
  const grace = composeDurationMs(spec.stop_grace_period);
  if (grace !== undefined) draft.fields.stop_timeout = durationLiteral(grace);
}

function buildContext(build: unknown): string | undefined {
  const context = typeof build === 'string' ? build : isMap(build) ? (typeof build.context === 'string' ? build.context : '.') : undefined;
  if (context === undefined) return undefined;
  const clean = context.replace(/^\.\/+/, '').replace(/\/+$/, '');
  return clean === '' ? '.' : clean;
}

function joinPath(dir: string, file: string): string {
  return dir === '.' ? file : `${dir}/${file}`;
}

function commandValue(command: Argv): string | string[] {
  return 'argv' in command ? command.argv : command.shell;
}
