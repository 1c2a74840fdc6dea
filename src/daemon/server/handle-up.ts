import path from 'node:path';
import type { UpFileRequest } from '../../protocol/messages.js';
import { redactDeep, redactorFor } from '../../protocol/redact.js';
import { isAnyUpRequest } from '../../protocol/request-guards.js';
import { StackError } from '../../errors.js';
import { loadConfigFile, problemSentence } from '../config-on-disk.js';
import { readBody, refuseUnknown, sendJson, startStream, type Handler, type HandlerContext } from './context.js';
import type { ServerResponse } from 'node:http';

export const handleUp: Handler = async (req, res, ctx) => {
  const body = await readBody(req, isAnyUpRequest);
  if ('file' in body) return upFromFile(body, res, ctx);
  refuseUnknown(body.services, Object.keys(body.config.services));
  const send = startStream(res);
  send(await ctx.control.up(body, send));
  res.end();
};

/**
 * `up` naming stack.yaml (the fast `stack up`, cli/fast-up.ts): read and validated here,
 * with the client's environment, before anything starts. A file that does not load is a
 * 422 with its first position; the client then runs the full CLI, which reports it.
 * The stream is masked here, since the client has no config to mask it with.
 */
async function upFromFile({ file, services, wait, env }: UpFileRequest, res: ServerResponse, ctx: HandlerContext): Promise<void> {
  let config;
  try {
    config = await loadConfigFile(file, env, ctx.supervisor.ports);
  } catch (error) {
    if (!(error instanceof StackError)) throw error;
    return sendJson(res, 422, { error: problemSentence(error, path.basename(file)) });
  }
  refuseUnknown(services, Object.keys(config.services));
  const redact = redactorFor(config, env);
  const stream = startStream(res);
  const send = (event: unknown): void => stream(redactDeep(event, redact));
  send({ type: 'accepted', services: Object.keys(config.services) });
  send(await ctx.control.up({ config, services, wait, env }, send));
  res.end();
}
