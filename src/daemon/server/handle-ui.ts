/** POST /ui (`stack ui`): start the dashboard once, answer with its address every time. */
import { StackError } from '../../errors.js';
import { isUiRequest } from '../../protocol/request-guards.js';
import { BadRequest, readBody, sendJson, type Handler } from './context.js';

export const handleUi: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isUiRequest);
  await ctx.supervisor.ready();
  // A daemon that was never given a config (no `up` yet) takes stack.yaml as the CLI read
  // it, so the page lists the services, stopped, and its up button has a config to use.
  if (ctx.supervisor.config === null && body.config) ctx.supervisor.applyConfig(body.config, body.env);
  try {
    sendJson(res, 200, await ctx.ui(body.port));
  } catch (error) {
    if (error instanceof StackError) throw new BadRequest(`${error.message}${error.hint ? ` (${error.hint})` : ''}`);
    throw error;
  }
};
