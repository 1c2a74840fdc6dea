/**
 * What the request handlers share: the operations and the supervisor they act on, reading a body they can
 * trust (checked, never cast), and the two ways of answering (JSON, or an ndjson stream).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { StackControl } from '../../protocol/control.js';
import type { Guard } from '../../protocol/request-guards.js';
import type { UiResponse } from '../../protocol/ui.js';
import type { Supervisor } from '../supervisor.js';

export interface HandlerContext {
  /** The operations (up, down, restart, status), as `--foreground` runs them too. */
  control: StackControl;
  supervisor: Supervisor;
  /** Ask the daemon to exit once the current response is sent. */
  shutdown(): void;
  /** Serve the dashboard (once; on `port`, else a free one) and say where. */
  ui(port: number | null): Promise<UiResponse>;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: HandlerContext) => Promise<void>;

/** A request the daemon will not act on: server.ts answers 400 with this sentence. */
export class BadRequest extends Error {}

/** The request's JSON body, once `guard` passes it; else a BadRequest saying what is wrong. */
export async function readBody<T>(req: IncomingMessage, guard: Guard<T>): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const route = `${req.method} ${req.url}`;
  let body: unknown;
  try {
    body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new BadRequest(`the body is not valid JSON (${route})`);
  }
  if (!guard(body)) throw new BadRequest(`${guard.problem(body)} (${route})`);
  return body;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}

/** Newline-delimited JSON: progress events now, the final result last. */
export function startStream(res: ServerResponse): (event: unknown) => void {
  res.writeHead(200, { 'content-type': 'application/x-ndjson' });
  return (event) => {
    if (!res.writableEnded && !res.destroyed) res.write(`${JSON.stringify(event)}\n`);
  };
}

/** Names the daemon does not know: the CLI validates first, but the daemon never trusts it. */
export function refuseUnknown(names: readonly string[], known: readonly string[]): void {
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) throw new BadRequest(`unknown service: ${unknown.join(', ')}`);
}
