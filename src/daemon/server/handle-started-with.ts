import type { StartedWithResponse } from '../../protocol/messages.js';
import { sendJson, type Handler } from './context.js';

/** The config each running process was started with: doctor compares it with stack.yaml as its own shell resolves it. */
export const handleStartedWith: Handler = async (_req, res, ctx) => {
  await ctx.supervisor.ready();
  const services: StartedWithResponse['services'] = {};
  for (const [name, service] of ctx.supervisor.services) {
    if (service.startedWith) services[name] = service.startedWith;
  }
  sendJson(res, 200, { services } satisfies StartedWithResponse);
};
