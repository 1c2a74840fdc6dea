import { VERSION } from '../../version.js';
import { sendJson, type Handler } from './context.js';

export const handlePing: Handler = async (_req, res, ctx) => {
  sendJson(res, 200, { pid: process.pid, root: ctx.supervisor.paths.root, version: VERSION });
};
