/**
 * POST /api/action: the page's buttons. Each is the operation the CLI would send over the
 * socket (restart api ≡ `stack restart api`, stop ≡ `stack down api`, start ≡ `stack up
 * api`, up and down for everything), run through the same StackControl, with stack.yaml
 * as the daemon last read it. Down for everything stops every service but keeps the
 * daemon, and so the dashboard, running: the page stays there to bring them up again.
 */
import type { Done } from '../../protocol/messages.js';
import { isMap } from '../../protocol/json-guards.js';
import { redactorFor } from '../../protocol/redact.js';
import { Refusal, readJson, sendJson, type Route } from './app.js';

export const ACTIONS = ['restart', 'stop', 'start', 'up', 'down'] as const;
export type ActionName = (typeof ACTIONS)[number];

export interface ActionRequest {
  action: ActionName;
  service?: string;
}

const noop = (): void => undefined;

export function actionProblem(body: unknown): string | null {
  if (!isMap(body)) return 'the body must be a JSON object';
  if (!(ACTIONS as readonly unknown[]).includes(body.action)) return `action must be one of ${ACTIONS.join(', ')}`;
  const perService = body.action === 'restart' || body.action === 'stop' || body.action === 'start';
  if (perService && typeof body.service !== 'string') return `${String(body.action)} needs a service`;
  if (!perService && body.service !== undefined) return `${String(body.action)} acts on every service; leave service out`;
  return null;
}

export const handleAction: Route = async (req, res, app) => {
  const body = await readJson(req);
  const problem = actionProblem(body);
  if (problem) throw new Refusal(400, problem);
  const { action, service } = body as ActionRequest;
  const { supervisor, control } = app;
  await supervisor.ready();
  const config = supervisor.fileConfig();
  const known = new Set([...Object.keys(config?.services ?? {}), ...supervisor.services.keys()]);
  if (service !== undefined && !known.has(service)) throw new Refusal(404, `unknown service: ${service}`);
  const needsConfig = action === 'restart' || action === 'start' || action === 'up';
  if (needsConfig && !config) throw new Refusal(409, 'the daemon has not read stack.yaml yet; run stack up');
  if (needsConfig && service !== undefined && !config!.services[service]) {
    throw new Refusal(409, `${service} is no longer in stack.yaml; stop it, or add it back and run stack up`);
  }
  let done: Done;
  switch (action) {
    case 'restart':
      done = await control.restart({ config: config!, services: [service!] }, noop);
      break;
    case 'start':
      done = await control.up({ config: config!, services: [service!], wait: true }, noop);
      break;
    case 'up':
      done = await control.up({ config: config!, services: [], wait: true }, noop);
      break;
    case 'stop':
      done = await control.down({ services: [service!] }, noop);
      break;
    case 'down':
      done = await control.down({ services: [] }, noop);
      break;
  }
  const redact = redactorFor(supervisor.config);
  sendJson(res, 200, { ok: done.ok, failures: done.failures.map((f) => ({ service: f.service, reason: redact(f.reason), blocked: f.blocked })) });
};
