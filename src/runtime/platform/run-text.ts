import { execFile } from 'node:child_process';

/**
 * Runs an OS tool and returns its stdout (also when it exits non-zero), or null when it
 * could not run or was killed. Uses node:child_process rather than execa: these are tiny, fixed
 * commands on the daemon's and doctor's paths, and execa costs ~55 ms to import.
 * LC_ALL=C keeps ps/lsof output in one parseable format.
 */
export function runText(file: string, args: string[], timeoutMs = 10_000): Promise<string | null> {
  return new Promise((resolve) => {
    execFile(
      file,
      args,
      { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, windowsHide: true, env: { ...process.env, LC_ALL: 'C' } },
      (error, stdout) => {
        // ps and lsof exit 1 when nothing matched; their (empty) stdout is still the answer.
        resolve(error === null || typeof error.code === 'number' ? stdout : null);
      },
    );
  });
}
