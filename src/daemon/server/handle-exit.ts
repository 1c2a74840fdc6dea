import { sendJson, type Handler } from './context.js';

/**
 * End the daemon but not the services: a newer daemon (after an upgrade) re-adopts
 * them from state.json.
 */
export const handleExit: Handler = async (_req, res, ctx) => {
  await ctx.supervisor.ready();
  ctx.supervisor.persist();
  sendJson(res, 200, { pid: process.pid });
  ctx.shutdown();
};
