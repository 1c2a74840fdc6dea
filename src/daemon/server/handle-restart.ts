import { isRestartRequest } from '../../protocol/request-guards.js';
import { readBody, startStream, type Handler } from './context.js';

export const handleRestart: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isRestartRequest);
  await ctx.supervisor.ready();
  const send = startStream(res);
  send(await ctx.supervisor.restart(body.config, body.services, send));
  res.end();
};
