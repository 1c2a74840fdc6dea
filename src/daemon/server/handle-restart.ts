import type { RestartRequest } from '../../protocol/messages.js';
import { readJson, startStream, type Handler } from './context.js';

export const handleRestart: Handler = async (req, res, ctx) => {
  const body = await readJson<RestartRequest>(req);
  await ctx.supervisor.ready();
  const send = startStream(res);
  send(await ctx.supervisor.restart(body.config, body.services, send));
  res.end();
};
