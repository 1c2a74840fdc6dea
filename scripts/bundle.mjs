// Bundles the CLI and the daemon (after tsc has type-checked and emitted dist/) into
// dist/bundle/: one file per entry plus shared chunks, loaded lazily as before. Node
// resolves and compiles a few large files much faster than hundreds of small ones
// (zod, yaml, commander): this is most of `stack status`'s and the daemon's start-up cost.
// Layout contract with src/install.ts: every output file sits one directory below
// dist/bundle (cli/, daemon/, chunks/).
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, transform } from 'esbuild';
import { writeCodeCache } from './code-cache.mjs';

// dist/bundle is not cleaned first: a daemon still running from the previous build
// imports its chunks lazily (a probe kind on first use) until it is replaced.

// zod's `z` namespace re-exports all of its ~60 locales (370 KB, 45% of the config chunk
// that up, doctor and the daemon load): stack reads only zod's issue codes and writes its
// own sentences, and zod registers its English default from locales/en.js directly.
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: 'zod-locales', namespace: 'stack-stub' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'stack-stub' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

// fdir requires picomatch from node_modules when it loads, for its glob option, which stack
// does not use (runtime/sources/matcher.ts matches with its own bundled picomatch): ~3 ms of
// resolving and compiling for every doctor run, and node:module in the daemon. Left as it
// is if fdir's code changes.
const fdirWithoutGlobs = {
  name: 'fdir-without-globs',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]fdir[\\/]dist[\\/]index\.mjs$/ }, async (args) => {
      const code = await readFile(args.path, 'utf8');
      const picomatch = /__require\.resolve\("picomatch"\);\s*pm = __require\("picomatch"\);/;
      if (!picomatch.test(code)) return undefined;
      // With that gone, so is its require, and node:module (which loads part of node's ESM loader).
      const contents = code
        .replace(picomatch, '')
        .replace(/^import \{ createRequire \} from "module";$/m, '')
        .replace(/^var __require = \/\* @__PURE__ \*\/ createRequire\(import\.meta\.url\);$/m, '');
      return { contents, loader: 'js' };
    });
  },
};

const common = {
  bundle: true,
  plugins: [zodWithoutLocales],
  platform: 'node',
  target: 'node20',
  sourcemap: 'linked',
  define: { __STACK_BUNDLE__: 'true' },
  logLevel: 'warning',
};

await build({
  ...common,
  // cli/up-finish: how a fast `up` that failed is reported (bin/stack.js, cli/fast-up.ts).
  entryPoints: { 'cli/main': 'dist/cli/main.js', 'cli/up-finish': 'dist/cli/up-finish.js' },
  outdir: 'dist/bundle',
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  format: 'esm',
  // A native addon that picks its prebuilt binary at run time: loaded from node_modules.
  external: ['@parcel/watcher'],
  // Some dependencies are CommonJS that call require(); ESM output has none of its own.
  banner: { js: "import { createRequire as __stackCreateRequire } from 'node:module'; const require = __stackCreateRequire(import.meta.url);" },
});

// The daemon: split into chunks like the CLI, each loaded when first needed, but as
// CommonJS (dist/bundle/daemon/, which a package.json of its own marks so): an ES module,
// or a CommonJS one that calls import(), makes node load its ESM loader, ~1 MB of the
// daemon's RSS for its whole life (docs/benchmarks.md). esbuild splits only ES modules, so
// each of its files is turned into CommonJS after, its import()s into require()s: each
// chunk still loads only when first needed. In CommonJS `import.meta.url` is the file's
// own URL (install.ts).
const daemon = await build({
  ...common,
  entryPoints: { main: 'dist/daemon/main.js' },
  plugins: [...common.plugins, fdirWithoutGlobs],
  outdir: 'dist/bundle/daemon',
  chunkNames: '[name]-[hash]',
  splitting: true,
  format: 'esm',
  external: ['@parcel/watcher'],
  define: { ...common.define, 'import.meta.url': '__stackImportMetaUrl' },
  sourcemap: 'inline',
  write: false,
});
await mkdir('dist/bundle/daemon', { recursive: true });
await writeFile('dist/bundle/daemon/package.json', '{ "type": "commonjs" }\n');
for (const file of daemon.outputFiles) {
  const name = path.basename(file.path);
  const { code, map } = await transform(file.text, {
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    supported: { 'dynamic-import': false },
    sourcemap: 'external',
    sourcefile: name,
    banner: "const __stackImportMetaUrl = require('node:url').pathToFileURL(__filename).href;",
    logLevel: 'warning',
  });
  await writeFile(file.path, `${code}//# sourceMappingURL=${name}.map\n`);
  await writeFile(`${file.path}.map`, map);
}

// `stack status` and `stack up` with a daemon running: one CommonJS file each that
// bin/stack.js requires before anything else, so neither the ESM loader nor a dozen chunks
// load (fast-status.ts, fast-up.ts).
await build({
  ...common,
  entryPoints: { 'cli/fast-status': 'dist/cli/fast-status.js', 'cli/fast-up': 'dist/cli/fast-up.js', 'cli/cached-require': 'dist/cli/cached-require.js', 'cli/doctor-ahead': 'dist/cli/doctor-ahead.js' },
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});

// `stack doctor`: one CommonJS file holding all of doctor (the config loader, the checks,
// the report), loaded by bin/stack.js through the V8 code cache written next to it below
// (cli/fast-doctor.ts). In CommonJS `import.meta.url` is the file's own URL (install.ts).
// The old cache goes first: V8 would take it for a new bundle of the same length (cached-require.ts).
await rm('dist/bundle/cli/fast-doctor.cjs.cache', { force: true });
await build({
  ...common,
  entryPoints: { 'cli/fast-doctor': 'dist/cli/fast-doctor.js' },
  plugins: [...common.plugins, fdirWithoutGlobs],
  outdir: 'dist/bundle',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
  external: ['@parcel/watcher'],
  define: { ...common.define, 'import.meta.url': '__stackImportMetaUrl' },
  banner: { js: "const __stackImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
});
await writeCodeCache('dist/bundle/cli/fast-doctor.cjs');

// The dashboard's page (web/, served by the daemon from dist/web): one script file and one
// stylesheet next to index.html, since its Content-Security-Policy allows nothing inline.
// Plain TypeScript and the DOM, no framework: nothing more to build at install.
await build({
  entryPoints: { app: 'web/src/main.ts' },
  outdir: 'dist/web',
  bundle: true,
  platform: 'browser',
  target: ['chrome120', 'firefox120', 'safari17'],
  format: 'esm',
  minify: true,
  sourcemap: 'linked',
  logLevel: 'warning',
});
await mkdir('dist/web', { recursive: true });
await copyFile('web/index.html', 'dist/web/index.html');
await copyFile('web/app.css', 'dist/web/app.css');
