/**
 * The page's requests to the dashboard: same origin, the session cookie goes along by
 * itself. A 401 means the daemon that issued the cookie is gone (a new daemon has a new
 * token): the page says to run `stack ui` again.
 */
export class SessionEnded extends Error {}

export async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } });
  return answer<T>(res);
}

export interface ActionResult {
  ok: boolean;
  failures: { service: string; reason: string; blocked: boolean }[];
}

export async function postAction(action: string, service?: string): Promise<ActionResult> {
  const res = await fetch('/api/action', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(service === undefined ? { action } : { action, service }),
  });
  return answer<ActionResult>(res);
}

async function answer<T>(res: Response): Promise<T> {
  if (res.status === 401) throw new SessionEnded('This page’s session ended (the stack daemon was restarted). Run stack ui again for a new link.');
  const body = (await res.json().catch(() => ({}))) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `the dashboard answered ${res.status}`);
  return body;
}
