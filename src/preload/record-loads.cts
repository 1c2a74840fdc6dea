/**
 * Preloaded into every Node process of a `staleness: loaded` service (NODE_OPTIONS
 * `--require`, so it is inherited through `npm run`, `sh -c` and every child Node
 * process): appends the path of each module file the process loads to
 * `$STACK_LOADED_DIR/<pid>.list`, one per line, as it loads it. One write per new file,
 * nothing buffered, so a process killed at any point has told what it loaded.
 * CommonJS through Module.prototype.load (every require, the main script included); ESM
 * through module.registerHooks where Node has it (22.15+, in this thread), else
 * module.register's hooks (load-hooks.mjs, on Node's loader thread).
 * It must never break the process it is in: every failure is silent.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

type Next = (url: string, context: unknown) => unknown;
interface ModuleApi {
  prototype: { load: (this: unknown, filename: string, ...rest: unknown[]) => unknown };
  registerHooks?: (hooks: { load: (url: string, context: unknown, next: Next) => unknown }) => unknown;
  register?: (specifier: string, options: { data: unknown }) => void;
}

const dir = process.env.STACK_LOADED_DIR;
if (dir) {
  try {
    install(dir, Module as unknown as ModuleApi);
  } catch {
    // an older or unusual Node: the service runs, its staleness falls back to `watch`
  }
}

function install(dir: string, api: ModuleApi): void {
  const seen = new Set<string>();
  let fd: number | undefined;
  const record = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    try {
      fd ??= fs.openSync(path.join(dir, `${process.pid}.list`), 'a');
      fs.writeSync(fd, `${file}\n`);
    } catch {
      // the directory is gone (stack down) or unwritable: nothing to tell
    }
  };
  const load = api.prototype.load;
  api.prototype.load = function (this: unknown, filename: string, ...rest: unknown[]) {
    record(filename);
    return load.call(this, filename, ...rest);
  };
  if (typeof api.registerHooks === 'function') {
    api.registerHooks({
      load(url, context, next) {
        if (url.startsWith('file:')) record(fileURLToPath(url));
        return next(url, context);
      },
    });
  } else if (typeof api.register === 'function') {
    api.register(pathToFileURL(path.join(__dirname, 'load-hooks.mjs')).href, { data: { dir } });
  }
}
