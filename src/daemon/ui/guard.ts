/**
 * Who may use the dashboard: a pure verdict on each request, before any route sees it.
 * The dashboard can start and kill processes, and any web page the user visits can send
 * requests to 127.0.0.1, so:
 * - the Host must be the loopback address and port it serves on (a DNS-rebound name such
 *   as evil.example resolving to 127.0.0.1 is refused: 403);
 * - the token (in the URL `stack ui` prints, then in an HttpOnly SameSite=Strict cookie)
 *   must be presented (401 without it);
 * - a request that changes something must come from the page itself: its Origin header
 *   is the page's own (403 otherwise; browsers always send Origin on a POST).
 */
import { timingSafeEqual } from 'node:crypto';

export const LOOPBACK = '127.0.0.1';

export interface RequestFacts {
  method: string;
  /** The path and query as sent (`/?token=…`, `/api/status`). */
  url: string;
  host: string | undefined;
  origin: string | undefined;
  cookie: string | undefined;
}

export interface Expected {
  port: number;
  token: string;
}

export type Verdict =
  | { kind: 'pass' }
  /** The token came in the URL: set the cookie and send the browser to the same URL without it. */
  | { kind: 'login'; location: string; setCookie: string }
  | { kind: 'refuse'; status: 401 | 403; reason: string };

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/**
 * Cookies are not kept apart by port: two projects' dashboards on 127.0.0.1 share a
 * cookie jar, so each one's cookie is named after its port.
 */
export function cookieName(port: number): string {
  return `stack-ui-${port}`;
}

export function judge(req: RequestFacts, expected: Expected): Verdict {
  const self = `${LOOPBACK}:${expected.port}`;
  if (req.host !== self) {
    return { kind: 'refuse', status: 403, reason: `this dashboard answers only as http://${self}/ (the request said Host: ${req.host ?? 'none'})` };
  }
  const url = new URL(req.url, `http://${self}`);
  const offered = url.searchParams.get('token');
  if (offered !== null) {
    if (!sameSecret(offered, expected.token)) return { kind: 'refuse', status: 401, reason: 'the token in the URL is not this dashboard’s; run stack ui for the current one' };
    url.searchParams.delete('token');
    const query = url.searchParams.toString();
    return {
      kind: 'login',
      location: `${url.pathname}${query ? `?${query}` : ''}`,
      setCookie: `${cookieName(expected.port)}=${expected.token}; HttpOnly; SameSite=Strict; Path=/`,
    };
  }
  const presented = cookieValue(req.cookie, cookieName(expected.port));
  if (presented === null || !sameSecret(presented, expected.token)) {
    return { kind: 'refuse', status: 401, reason: 'open the dashboard with the URL stack ui prints (it carries the token)' };
  }
  if (!SAFE_METHODS.has(req.method) && req.origin !== `http://${self}`) {
    return { kind: 'refuse', status: 403, reason: `a request that changes something must come from the dashboard’s own page (Origin: ${req.origin ?? 'none'})` };
  }
  return { kind: 'pass' };
}

/** The value of cookie `name` in a Cookie header, else null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}

/** Compared in constant time: the time a refusal takes says nothing about how much of the token was right. */
function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
