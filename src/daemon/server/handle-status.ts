import { sendJson, type Handler } from './context.js';

export const handleStatus: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, await ctx.control.status());
};
