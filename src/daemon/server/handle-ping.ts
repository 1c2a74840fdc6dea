import { VERSION, buildId } from '../../version.js';
import type { PingResponse } from '../../protocol/messages.js';
import { sendJson, type Handler } from './context.js';

/** Read once: the build this daemon process is running. */
const build = buildId();

export const handlePing: Handler = async (_req, res, ctx) => {
  const body: PingResponse = { pid: process.pid, root: ctx.supervisor.paths.root, version: VERSION, build, warnings: ctx.supervisor.warnings };
  sendJson(res, 200, body);
};
