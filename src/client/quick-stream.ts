/**
 * One streamed POST to the daemon over node:net alone, for the fast `stack up`
 * (cli/fast-up.ts), as quick-get.ts is for `status`: loading node:http costs ~4 ms. It
 * asks in HTTP/1.0, so the answer is not chunked: the ndjson lines follow the headers
 * until the daemon closes. 'refused': the daemon did not take the request (a status other
 * than 200, no daemon, a socket that is not ours), so nothing was done; 'ended': it did,
 * and every line it sent went to `onLine` (a stream cut short has no last line).
 */
import { connect } from 'node:net';
import { checkSocket } from '../project-dir.js';

export type StreamOutcome = 'refused' | 'ended';

export function quickPostStream(socket: string, path: string, body: unknown, onLine: (value: unknown) => void): Promise<StreamOutcome> {
  try {
    checkSocket(socket);
  } catch {
    return Promise.resolve('refused');
  }
  return new Promise((resolve) => {
    const payload = Buffer.from(JSON.stringify(body), 'utf8');
    const connection = connect(socket);
    let head: string | null = '';
    let rest = '';
    const lines = (text: string, last: boolean): void => {
      rest += text;
      const parts = rest.split('\n');
      rest = last ? '' : parts.pop()!;
      for (const line of parts) if (line.trim() !== '') onLine(parseLine(line));
    };
    connection.setEncoding('utf8');
    connection.on('data', (chunk: string) => {
      if (head === null) return lines(chunk, false);
      head += chunk;
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      if (!/^HTTP\/1\.[01] 200 /.test(head)) {
        connection.destroy();
        return resolve('refused');
      }
      const after = head.slice(end + 4);
      head = null;
      lines(after, false);
    });
    connection.on('error', () => resolve(head === null ? 'ended' : 'refused'));
    connection.on('close', () => {
      if (head !== null) return resolve('refused');
      lines('', true);
      resolve('ended');
    });
    connection.write(`POST ${path} HTTP/1.0\r\nHost: stack\r\nContent-Type: application/json\r\nContent-Length: ${payload.length}\r\n\r\n`);
    // Not end(): the daemon's HTTP server takes a half-closed connection for a client gone.
    connection.write(payload);
  });
}

/** A line that is not JSON is no event the caller knows: it stands for itself. */
function parseLine(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return { type: 'unreadable', line };
  }
}
