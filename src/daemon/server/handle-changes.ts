/**
 * POST /changes (`stack status --watch`): an ndjson stream of `{ "type": "changed" }`
 * notices, one whenever what `status` shows may have changed (daemon/changes.ts), held open
 * until the client goes away or the daemon exits. The client answers a notice with GET /status.
 */
import { startStream, type Handler } from './context.js';

export const handleChanges: Handler = async (req, res, ctx) => {
  // The body is empty ({}): drain it so the request is complete.
  for await (const _ of req);
  const send = startStream(res);
  await new Promise<void>((resolve) => {
    const unsubscribe = ctx.supervisor.changes.subscribe(() => send({ type: 'changed', at: Date.now() }), resolve);
    res.on('close', () => {
      unsubscribe();
      resolve();
    });
    // Said at once, so the client knows it is subscribed before it asks for the first status.
    send({ type: 'subscribed', at: Date.now() });
  });
  res.end();
};
