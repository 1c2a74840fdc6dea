import { approxStartToken } from './start-token.js';
import type { Platform } from './types.js';
import { summedMemory } from './process-table.js';

/**
 * For OSes without a dedicated implementation: start time estimated from pidusage's
 * elapsed time (hence an approximate token), no port or tree inspection.
 */

function exists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export const fallbackPlatform: Platform = {
  // Estimated from elapsed time: approximate (tokens are compared within ±2 s too).
  startTimeResolutionMs: 2000,

  async processStart(pid) {
    try {
      // Loaded on first use: most platforms never need it, and CLI start-up is a hot path.
      const { default: pidusage } = await import('pidusage');
      const { elapsed, timestamp } = await pidusage(pid);
      const startedAt = timestamp - elapsed;
      return { startedAt, token: approxStartToken(startedAt) };
    } catch {
      return null;
    }
  },

  async listeningSockets() {
    return [];
  },

  async processTree(pid) {
    return exists(pid) ? [pid] : [];
  },

  async processTrees(roots) {
    return new Map(roots.map((pid) => [pid, exists(pid) ? [pid] : []]));
  },

  async processInfo(pid) {
    return exists(pid) ? { command: '', cwd: null } : null;
  },

  async groupMembers(pgid, among) {
    return exists(pgid) && (!among || among.includes(pgid)) ? [pgid] : [];
  },

  async processesWithEnv() {
    return new Map();
  },

  async treeMemory(roots) {
    // No process table: each root alone.
    const trees = new Map(roots.filter(exists).map((pid) => [pid, [pid]]));
    const { resourceUsage } = await import('../process/usage.js');
    return summedMemory(trees, await resourceUsage([...trees.keys()]));
  },
};
