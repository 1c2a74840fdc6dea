// The floor of cold doctor's design: node starts, runs the three gits doctor's scan runs
// (src/runtime/sources/git-listing.ts, same arguments, same environment) on the tree
// given as argv[2], reads their output and exits. No config, no checks, no matching:
// whatever doctor takes beyond this is its own work.
'use strict';
const { spawn } = require('node:child_process');
const { availableParallelism } = require('node:os');

const cwd = process.argv[2];
const env = { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C' };
const PRELOAD = availableParallelism() <= 2 ? ['-c', 'core.preloadIndex=false'] : [];
const run = (args) =>
  new Promise((resolve, reject) => {
    const child = spawn('git', args, { cwd, env, stdio: ['ignore', 'pipe', 'ignore'] });
    child.stdout.resume();
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`git ${args.join(' ')} exited with ${code}`))));
  });

Promise.all([
  run([...PRELOAD, 'diff-files', '--name-only', '-z', '--ignore-submodules=all', '--', '.']),
  run(['-c', 'core.excludesFile=', 'ls-files', '--others', '--exclude-standard', '-z']),
  run(['rev-parse', '--show-toplevel', '--git-path', 'index', '--show-object-format']),
]).catch((error) => {
  console.error(error.message);
  process.exitCode = 1;
});
