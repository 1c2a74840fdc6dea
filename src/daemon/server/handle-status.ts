import { statusSnapshot } from '../status-snapshot.js';
import { sendJson, type Handler } from './context.js';

export const handleStatus: Handler = async (_req, res, ctx) => {
  await ctx.supervisor.ready();
  sendJson(res, 200, await statusSnapshot(ctx.supervisor));
};
