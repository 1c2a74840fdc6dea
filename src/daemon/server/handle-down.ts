import { isDownRequest } from '../../protocol/request-guards.js';
import { readBody, sendJson, startStream, unknownServices, type Handler } from './context.js';

export const handleDown: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isDownRequest);
  await ctx.supervisor.ready();
  const unknown = unknownServices(ctx, body.services);
  if (unknown.length > 0) return sendJson(res, 400, { error: `unknown service: ${unknown.join(', ')}` });
  const send = startStream(res);
  send(await ctx.supervisor.down(body.services, send));
  res.end();
  // `stack down` with no names ends the daemon too: nothing is left to supervise.
  if (body.services.length === 0) ctx.shutdown();
};
