import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Supervisor } from '../supervisor.js';

export interface HandlerContext {
  supervisor: Supervisor;
  /** Ask the daemon to exit once the current response is sent. */
  shutdown(): void;
}

export type Handler = (req: IncomingMessage, res: ServerResponse, ctx: HandlerContext) => Promise<void>;

export async function readJson<T>(req: IncomingMessage): Promise<T> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8')) as T;
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
export function unknownServices(ctx: HandlerContext, names: readonly string[]): string[] {
  return names.filter((n) => !ctx.supervisor.services.has(n));
}
