/**
 * POST /ui (`stack ui`): ask the daemon to serve its dashboard, a loopback HTTP listener
 * that lives as long as the daemon. A second request gets the same address and token.
 */
import type { StackConfig } from '../config/types.js';
import type { RequestEnv } from './messages.js';

export interface UiRequest {
  /** The port to listen on; null for a free one. Ignored when the dashboard already runs. */
  port: number | null;
  /**
   * stack.yaml as the CLI resolved it: a daemon that was never given a config takes it,
   * so the page can list the services before anything started. Absent when it does not load.
   */
  config?: StackConfig;
  env?: RequestEnv;
}

export interface UiResponse {
  /** `http://127.0.0.1:PORT/?token=…`: the first load trades the token for a cookie. */
  url: string;
  port: number;
  /** The daemon's pid: the dashboard lives as long as it does. */
  pid: number;
  /** false when it was already serving (then `port` may differ from the one asked for). */
  started: boolean;
}
