/** POST /wait (`stack wait`): held open until decided; a CLI that goes away (Ctrl-C, its own timeout) ends the wait. */
import { isWaitRequest } from '../../protocol/request-guards.js';
import { readBody, startStream, type Handler } from './context.js';

export const handleWait: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isWaitRequest);
  const send = startStream(res);
  const gone = new AbortController();
  res.on('close', () => gone.abort());
  send(await ctx.control.wait(body, send, gone.signal));
  res.end();
};
