import { isDownRequest } from '../../protocol/request-guards.js';
import { readBody, refuseUnknown, startStream, type Handler } from './context.js';

export const handleDown: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isDownRequest);
  // The services it supervises, which may include some no longer in stack.yaml.
  await ctx.supervisor.ready();
  refuseUnknown(body.services, [...ctx.supervisor.services.keys()]);
  const send = startStream(res);
  send(await ctx.control.down(body, send));
  res.end();
  // `stack down` with no names ends the daemon too: nothing is left to supervise.
  if (body.services.length === 0) ctx.shutdown();
};
