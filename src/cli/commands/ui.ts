/**
 * `stack ui [--port N] [--no-open] [--json]`: the daemon serves the dashboard (it is
 * started if needed) and this prints its address with the token, opens a browser, and
 * returns. The dashboard lives as long as the daemon: asking again prints the same URL.
 */
import { spawn } from 'node:child_process';
import type { Command } from 'commander';
import type { StackConfig } from '../../config/types.js';
import { ConfigError } from '../../errors.js';
import type { UiRequest, UiResponse } from '../../protocol/ui.js';
import { loadProjectConfig, locateProject, requestEnv } from '../project.js';

interface UiOptions {
  port?: number;
  open: boolean;
  json?: boolean;
}

export async function uiCommand(program: Command, options: UiOptions): Promise<void> {
  const paths = locateProject(program);
  const [{ ensureDaemon, pingDaemon }, { requestJson }] = await Promise.all([import('../../client/daemon-client.js'), import('../../client/ipc.js')]);
  let config: StackConfig | undefined;
  try {
    config = await loadProjectConfig(paths);
  } catch (error) {
    // A running stack is worth looking at while stack.yaml is broken (the page says so);
    // with nothing running, the broken file is the news.
    if (!(error instanceof ConfigError) || (await pingDaemon(paths)) === null) throw error;
  }
  await ensureDaemon(paths);
  const request: UiRequest = { port: options.port ?? null, ...(config ? { config, env: requestEnv() } : {}) };
  const answer = await requestJson<UiResponse>(paths.socket, 'POST', '/ui', request);
  if (options.port !== undefined && answer.port !== options.port) {
    console.error(`note: the dashboard already runs on port ${answer.port} (it lives as long as the daemon); --port applies when it starts`);
  }
  console.log(options.json ? JSON.stringify(answer, null, 2) : answer.url);
  if (options.open) {
    const failure = await openBrowser(answer.url);
    if (failure) console.error(`note: could not open a browser (${failure}); open the URL above yourself`);
  }
}

/** How long an opener may take to fail before we stop waiting (it may also run as long as the browser). */
const OPENER_GRACE_MS = 1500;

/** The platform's "open this URL" command, detached; a sentence when it is missing or fails at once, else null. */
function openBrowser(url: string): Promise<string | null> {
  const [command, args] =
    process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '""', url]] : ['xdg-open', [url]];
  return new Promise((resolve) => {
    const child = spawn(command, args as string[], { detached: true, stdio: 'ignore' });
    child.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ENOENT' ? `${command} is not installed` : `${command}: ${error.message}`));
    child.once('spawn', () => {
      // xdg-open with no browser configured exits 3 or 4 right away.
      const timer = setTimeout(() => {
        child.unref();
        resolve(null);
      }, OPENER_GRACE_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0 ? null : `${command} exited with code ${code}`);
      });
    });
  });
}
