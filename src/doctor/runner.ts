/**
 * Runs the checks side by side (they are independent: most read the same status
 * snapshot; dependency-unreachable waits on sockets) and collects their findings. A
 * check that throws is reported as a warning, so one bug does not hide the others.
 */
import { CHECKS, type NamedCheck } from './checks/index.js';
import type { CheckContext, Finding } from './types.js';

export async function runChecks(ctx: CheckContext, checks: readonly NamedCheck[] = CHECKS): Promise<Finding[]> {
  const results = await Promise.all(
    checks.map(async ({ id, run }): Promise<Finding[]> => {
      try {
        return await run(ctx);
      } catch (error) {
        if (process.env.STACK_DEBUG === '1') console.error(error);
        const reason = error instanceof Error ? error.message : String(error);
        return [
          {
            check: id,
            severity: 'warning',
            service: null,
            message: `the ${id} check could not run: ${reason}`,
            hint: 'rerun with STACK_DEBUG=1 to see where, and report it',
            fixable: false,
          },
        ];
      }
    }),
  );
  return results.flat();
}
