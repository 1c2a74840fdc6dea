/**
 * Where this installation's files are. The CLI and daemon run from an esbuild bundle
 * (dist/bundle/cli/main.js and its chunks in dist/bundle/chunks/, ES modules;
 * dist/bundle/daemon/main.js and its own chunks beside it, CommonJS: every file one
 * directory below dist/bundle, so one relative path fits all of them), while tests and tools import
 * tsc's output (dist/**) or the sources. The bundler defines __STACK_BUNDLE__.
 */
import { fileURLToPath } from 'node:url';

declare const __STACK_BUNDLE__: boolean | undefined;

const BUNDLED = typeof __STACK_BUNDLE__ !== 'undefined' && __STACK_BUNDLE__;

/** The package's root directory (where package.json is). */
export const PACKAGE_ROOT: string = fileURLToPath(new URL(BUNDLED ? '../../../' : '../', import.meta.url));

/** The daemon's entry point, as the CLI spawns it: the bundle's own when bundled. */
export const DAEMON_ENTRY: string = fileURLToPath(new URL(BUNDLED ? '../daemon/main.js' : './daemon/main.js', import.meta.url));
