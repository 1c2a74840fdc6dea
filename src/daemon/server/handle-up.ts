import { isUpRequest } from '../../protocol/request-guards.js';
import { readBody, startStream, type Handler } from './context.js';

export const handleUp: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isUpRequest);
  await ctx.supervisor.ready();
  const send = startStream(res);
  const done = ctx.supervisor.up(body.config, body.services, send);
  if (!body.wait) {
    // --no-wait: the services keep starting after we answer.
    send({ type: 'done', ok: true, failures: [] });
    res.end();
    await done;
    return;
  }
  send(await done);
  res.end();
};
