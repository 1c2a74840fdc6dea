// What `npm install` runs (the `prepare` script): builds dist/ unless it was built from
// these very sources, with this Node. Not only for speed: in a checkout, npm 11's `npx stack`
// installs the checkout itself into npx's cache, which runs `prepare` again, so the first
// `npx stack up` of every clone paid a whole build (~25 s) and rewrote dist/ under a daemon
// that may be running it. The build (`npm run build`) ends with `--stamp`: a hash of its
// inputs' contents in dist/, which this compares.
//   node scripts/prepare.mjs           build if needed
//   node scripts/prepare.mjs --check   exit 0 when dist/ is up to date, 1 when a build is needed
//   node scripts/prepare.mjs --stamp   record that dist/ was just built from what is here
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const STAMP = path.join(ROOT, 'dist', '.built-from');
/** What the build reads (tsc, the bundler and the code cache's training run, the schema writer). */
const INPUTS = ['src', 'web', 'scripts', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json'];
/** What it writes that the CLI cannot start without. */
const OUTPUTS = ['dist/bundle/cli/main.js', 'dist/bundle/cli/fast-status.cjs', 'dist/bundle/daemon/main.js', 'stack.schema.json'];

/** A hash of the inputs' paths and bytes (not their mtimes: a checkout touches files it leaves as they were), and of the Node that built them (the code cache is V8's). */
export function inputsHash(root = ROOT) {
  const hash = createHash('sha256').update(`${process.version} ${process.arch}\n`);
  const add = (rel) => {
    const abs = path.join(root, rel);
    let entries;
    try {
      entries = readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      if (error.code !== 'ENOTDIR') return; // missing: its absence is part of the hash
      hash.update(`${rel}\0`).update(readFileSync(abs)).update('\0');
      return;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      add(path.posix.join(rel, entry.name));
    }
  };
  for (const input of INPUTS) add(input);
  return hash.digest('hex');
}

export function upToDate(root = ROOT) {
  if (!OUTPUTS.every((file) => existsSync(path.join(root, file)))) return false;
  try {
    return readFileSync(path.join(root, 'dist', '.built-from'), 'utf8').trim() === inputsHash(root);
  } catch {
    return false;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const mode = process.argv[2];
  if (mode === '--stamp') {
    writeFileSync(STAMP, `${inputsHash()}\n`);
  } else if (mode === '--check') {
    process.exitCode = upToDate() ? 0 : 1;
  } else if (upToDate()) {
    console.log('stack: dist/ is already built from these sources (npm run build rebuilds it)');
  } else {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const built = spawnSync(npm, ['run', 'build'], { cwd: ROOT, stdio: 'inherit', shell: process.platform === 'win32' });
    process.exitCode = built.status ?? 1;
  }
}
