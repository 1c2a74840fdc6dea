/**
 * What the dashboard's routes act on, and the small shared ways they answer: the daemon's
 * own StackControl and supervisor (the same operations and status the CLI gets over the
 * socket), the live hub, and doctor's checks when the daemon's entry provided them.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ServiceConfig, StackConfig } from '../../config/types.js';
import type { ConfigError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import type { StackControl } from '../../protocol/control.js';
import type { StatusResponse } from '../../protocol/status.js';
import type { Supervisor } from '../supervisor.js';
import type { LiveHub } from './live.js';

/** The facts doctor's checks look at (doctor/types.ts CheckContext), gathered in the daemon. */
export interface DoctorInputs {
  paths: ProjectPaths;
  config: StackConfig | null;
  configError: ConfigError | null;
  status: StatusResponse | null;
  startedWith: Record<string, ServiceConfig>;
}

/** doctor's report (`stack doctor --json`'s document); doctor sits above the daemon, so its entry hands it in. */
export type Diagnose = (inputs: DoctorInputs) => Promise<unknown>;

export interface DashboardApp {
  control: StackControl;
  supervisor: Supervisor;
  live: LiveHub;
  diagnose: Diagnose | null;
  /** The directory of the built page (index.html, app.js, app.css). */
  assets: string;
}

export type Route = (req: IncomingMessage, res: ServerResponse, app: DashboardApp, url: URL) => Promise<void>;

/** A request the dashboard refuses with a sentence (400, 404, 409). */
export class Refusal extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text), 'cache-control': 'no-store' });
  res.end(text);
}

const MAX_BODY = 16 * 1024;

/** A small JSON body; anything larger or not JSON is refused. */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Refusal(413, `the body is larger than ${MAX_BODY} bytes`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new Refusal(400, 'the body is not valid JSON');
  }
}
