import { getPlatform } from '../platform/index.js';
import { sameStartToken } from '../platform/start-token.js';
import type { ProcessIdentity } from '../types.js';

/** The identity of the live process `pid`, or null when there is none. */
export async function readIdentity(pid: number): Promise<ProcessIdentity | null> {
  const start = await getPlatform().processStart(pid);
  return start === null ? null : { pid, startToken: start.token, startedAt: start.startedAt };
}

/** True only while the recorded process itself runs: a reused pid has a different start token. */
export async function isAlive(identity: ProcessIdentity): Promise<boolean> {
  const start = await getPlatform().processStart(identity.pid);
  return start !== null && sameStartToken(start.token, identity.startToken);
}
