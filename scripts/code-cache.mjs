// Writes the V8 code cache of a CommonJS bundle that bin/stack.js loads through
// cli/cached-require.ts (`<bundle>.cache`). The cache is taken at the end of a real run,
// so it holds the functions that run compiled, not only the bundle's top level: here
// `stack doctor` on a throwaway project whose one service's port is held by this script
// (a foreign process, so the scan runs too), with its config loaded and every check run.
// Best effort: without a cache the bundle is compiled as usual, only slower.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const LOADER = path.resolve('dist/bundle/cli/cached-require.cjs');

export async function writeCodeCache(bundle) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stack-code-cache-'));
  const server = createServer((socket) => socket.end());
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address();
    writeFileSync(path.join(dir, 'server.js'), '');
    writeFileSync(
      path.join(dir, 'stack.yaml'),
      `name: code-cache\nservices:\n  app:\n    command: [node, server.js]\n    port: ${port}\n    env: { DATABASE_URL: "postgres://127.0.0.1:${port}/x" }\n    health: { http: "http://127.0.0.1:${port}/health" }\n`,
    );
    const run = `require(${JSON.stringify(LOADER)}).requireCachedWriting(${JSON.stringify(path.resolve(bundle))}).tryFastDoctor(['doctor'])`;
    await new Promise((resolve) => execFile(process.execPath, ['-e', run], { cwd: dir, env: trainingEnv() }, (error, stdout, stderr) => {
      if (error && error.code !== 1) console.warn(`code cache of ${bundle} not written: ${stderr || error.message}`);
      resolve();
    }));
  } finally {
    server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** This shell's environment, minus what would point doctor at another project or change its path. */
function trainingEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  for (const name of ['STACK_FILE', 'STACK_SCAN', 'STACK_DEBUG', 'STACK_STALE_BY']) delete env[name];
  return env;
}
