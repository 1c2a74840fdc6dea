/**
 * Can docker run containers here? The CLI may be installed without a daemon to talk to
 * (or one this user may not use), so having `docker` on PATH is not enough: `docker
 * info` must answer too. Asked only when a compose file has image-only services.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DockerState } from './compose.js';

export function onPath(program: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (dir === '') continue;
    const candidate = path.join(dir, program);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export function dockerState(env: NodeJS.ProcessEnv = process.env): Promise<DockerState> {
  const docker = onPath('docker', env);
  if (!docker) return Promise.resolve({ state: 'absent' });
  return new Promise((resolve) => {
    execFile(docker, ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000, env }, (error, _stdout, stderr) => {
      if (!error) return resolve({ state: 'running' });
      const said = String(stderr).trim().split('\n').find((l) => l.trim() !== '');
      resolve({ state: 'no-daemon', detail: said ? `docker info said: ${said.trim()}` : `docker info failed: ${error.message}` });
    });
  });
}
