import pidusage from 'pidusage';

export interface Usage {
  /** Percent of one core (can exceed 100 on several cores). */
  cpu: number;
  /** Resident memory in bytes. */
  memory: number;
}

/**
 * CPU and memory for each pid, in one pidusage call. Pids that are gone are simply
 * absent. CPU is measured since pidusage's previous call for that pid.
 */
export async function resourceUsage(pids: number[]): Promise<Map<number, Usage>> {
  const usage = new Map<number, Usage>();
  const unique = [...new Set(pids)];
  if (unique.length === 0) return usage;
  try {
    const stats = await pidusage(unique);
    for (const pid of unique) {
      const stat = stats[pid];
      if (stat) usage.set(pid, { cpu: stat.cpu, memory: stat.memory });
    }
  } catch {
    // pidusage rejects when a lone pid is gone; that pid simply has no usage.
  }
  return usage;
}
