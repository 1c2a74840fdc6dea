import { isUpRequest } from '../../protocol/request-guards.js';
import { readBody, refuseUnknown, startStream, type Handler } from './context.js';

export const handleUp: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isUpRequest);
  refuseUnknown(body.services, Object.keys(body.config.services));
  const send = startStream(res);
  send(await ctx.control.up(body, send));
  res.end();
};
