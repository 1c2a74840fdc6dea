import { isRestartRequest } from '../../protocol/request-guards.js';
import { readBody, refuseUnknown, startStream, type Handler } from './context.js';

export const handleRestart: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isRestartRequest);
  refuseUnknown(body.services, Object.keys(body.config.services));
  const send = startStream(res);
  send(await ctx.control.restart(body, send));
  res.end();
};
