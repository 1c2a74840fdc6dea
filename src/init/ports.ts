/**
 * Ports `stack init` chose itself (a Procfile's foreman numbers) are moved off ports
 * that are busy on this machine right now, so the first `stack up` does not fail on
 * them; ports the source wrote (compose, package.json scripts) are kept, with a note.
 */
import net from 'node:net';
import type { Draft, Note } from './draft.js';

export type IsFree = (port: number) => Promise<boolean>;

export async function checkPorts(draft: Draft, isFree: IsFree, move: boolean): Promise<Draft> {
  const taken = new Set(draft.services.map((s) => s.fields.port).filter((p): p is number => typeof p === 'number'));
  const notes: Note[] = [];
  const services = [];
  for (const service of draft.services) {
    const port = service.fields.port;
    if (typeof port !== 'number' || service.disabled || (await isFree(port))) {
      services.push(service);
      continue;
    }
    if (!move) {
      notes.push({ service: service.name, kind: 'todo', text: `port ${port} is in use on this machine now: stack up will say by whom` });
      services.push(service);
      continue;
    }
    let next = port + 1;
    while (next < port + 100 && (taken.has(next) || !(await isFree(next)))) next++;
    if (next >= port + 100) {
      notes.push({ service: service.name, kind: 'todo', text: `port ${port} and the 99 after it are in use on this machine: pick a free one` });
      services.push(service);
      continue;
    }
    taken.add(next);
    notes.push({ service: service.name, kind: 'guess', text: `port ${port} is in use on this machine now: given ${next} instead` });
    services.push({ ...service, fields: { ...service.fields, port: next } });
  }
  return { ...draft, services, notes: [...draft.notes, ...notes] };
}

/** Nothing listens on the port, on any address (a dual-stack bind of :: fails when one does). */
export const portIsFree: IsFree = (port) =>
  new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host: '::', exclusive: true }, () => server.close(() => resolve(true)));
  });
