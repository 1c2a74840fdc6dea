/**
 * A compose service that only names an `image:` runs as `docker run --rm` in the
 * foreground: stack supervises the docker CLI, which passes SIGTERM on to the
 * container, and `--rm` removes it when it stops. A container of that name left behind
 * (the CLI was killed with SIGKILL, so the container kept running) is removed first,
 * or `docker run --name` would refuse to start.
 */
import path from 'node:path';
import { argvOf, commandText, isMap, joinCommand, shellQuote, type PortMapping } from './compose-fields.js';

export interface DockerRunInput {
  container: string;
  image: string;
  ports: PortMapping[];
  /** Variable names passed through from the service's environment (stack's env: holds the values). */
  envNames: string[];
  envFiles: string[];
  volumes: unknown;
  entrypoint: unknown;
  command: unknown;
  /** Project name, for named volumes (compose names them <project>_<volume>). */
  project: string;
}

export function dockerRunCommand(input: DockerRunInput): string {
  const args = ['docker', 'run', '--rm', '--name', input.container];
  for (const p of input.ports) args.push('-p', publishArg(p));
  for (const name of input.envNames) args.push('-e', name);
  for (const file of input.envFiles) args.push('--env-file', file);
  for (const volume of volumeArgs(input.volumes, input.project)) args.push('-v', volume);
  const entrypoint = argvOf(input.entrypoint);
  // --entrypoint takes one program; the rest of a list entrypoint goes before the command.
  let rest = argvOf(input.command);
  if (entrypoint && 'argv' in entrypoint) {
    args.push('--entrypoint', entrypoint.argv[0]!);
    if (entrypoint.argv.length > 1) rest = joinCommand({ argv: entrypoint.argv.slice(1) }, rest);
  } else if (entrypoint) {
    args.push('--entrypoint', 'sh');
    rest = joinCommand({ argv: ['-c', commandText(entrypoint)] }, rest);
  }
  const line = [...args.map(quoteKeepingPwd), shellQuote(input.image)];
  if (rest) line.push(commandText(rest));
  return `docker rm -f ${shellQuote(input.container)} >/dev/null 2>&1; exec ${line.join(' ')}`;
}

function publishArg(p: PortMapping): string {
  const host = p.host === undefined ? '' : `${p.host}:`;
  const ip = p.hostIp ? `${p.hostIp.includes(':') ? `[${p.hostIp}]` : p.hostIp}:` : '';
  const protocol = p.protocol === 'tcp' ? '' : `/${p.protocol}`;
  return `${host === '' ? '' : ip}${host}${p.container}${protocol}`;
}

/** "./data:/var/lib/x" → "$(pwd)/data:/var/lib/x" (docker run wants absolute bind paths); "data:/x" → "<project>_data:/x". */
function volumeArgs(volumes: unknown, project: string): string[] {
  if (!Array.isArray(volumes)) return [];
  return volumes.flatMap((v): string[] => {
    if (typeof v === 'string') {
      const [source, ...rest] = v.split(':');
      if (rest.length === 0) return [v];
      return [`${sourceArg(source!, project)}:${rest.join(':')}`];
    }
    if (isMap(v) && typeof v.target === 'string') {
      const mode = v.read_only === true ? ':ro' : '';
      if (typeof v.source !== 'string') return [`${v.target}${mode}`];
      return [`${sourceArg(v.source, project)}:${v.target}${mode}`];
    }
    return [];
  });
}

function sourceArg(source: string, project: string): string {
  if (source.startsWith('/')) return source;
  if (source.startsWith('.') || source.startsWith('~')) {
    const rel = path.posix.normalize(source.replace(/^~/, '$HOME'));
    return source.startsWith('~') ? rel : `$(pwd)/${rel.replace(/^\.\//, '')}`;
  }
  return `${project}_${source}`;
}

/** Quotes an argument, leaving a leading $(pwd) or $HOME for the shell to expand. */
function quoteKeepingPwd(arg: string): string {
  const m = /^(\$\(pwd\)|\$HOME)(.*)$/.exec(arg);
  if (!m) return shellQuote(arg);
  return `"${m[1]}"${m[2] === '' ? '' : shellQuote(m[2]!)}`;
}
