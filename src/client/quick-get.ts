/**
 * One GET to the daemon over node:net alone, for `stack status`'s fast path: loading
 * node:http costs ~4 ms, a tenth of the whole command. It speaks just enough HTTP/1.1 for
 * the daemon's JSON answers: `Connection: close`, and the answer is complete once its
 * content-length is in (or, without one, when the daemon closes). Anything else (an error status, a chunked or truncated
 * answer, a refused connection) resolves to null, and the caller goes the full way
 * through ipc.ts, which reports it properly.
 */
import { connect } from 'node:net';
import { checkSocket } from '../project-dir.js';

export function quickGetJson<T>(socket: string, path: string): Promise<T | null> {
  // Nobody can tell us who listens on a unix socket: talk only to one that is ours (project-dir.ts).
  checkSocket(socket);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let expected: number | null = null;
    let received = 0;
    const connection = connect(socket);
    connection.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      expected ??= completeLength(Buffer.concat(chunks));
      // The whole answer is here: no need to wait for the daemon to close the connection.
      if (expected !== null && received >= expected) {
        connection.destroy();
        resolve(parseJsonResponse<T>(Buffer.concat(chunks).toString('utf8')));
      }
    });
    connection.on('error', () => resolve(null));
    connection.on('end', () => resolve(parseJsonResponse<T>(Buffer.concat(chunks).toString('utf8'))));
    connection.write(`GET ${path} HTTP/1.1\r\nHost: stack\r\nConnection: close\r\n\r\n`);
  });
}

/** The byte length of the whole answer (head and body) once its head is in `raw`, else null. */
function completeLength(raw: Buffer): number | null {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0) return null;
  const length = /\r\ncontent-length: *(\d+)/i.exec(raw.subarray(0, headEnd + 2).toString('latin1'))?.[1];
  // No length: the body ends when the daemon closes ('end').
  return length === undefined ? Infinity : headEnd + 4 + Number(length);
}

/** The JSON body of a complete `200` answer with a content-length; null for anything else. */
export function parseJsonResponse<T>(raw: string): T | null {
  const headEnd = raw.indexOf('\r\n\r\n');
  if (headEnd < 0 || !/^HTTP\/1\.[01] 200 /.test(raw)) return null;
  const length = /\r\ncontent-length: *(\d+)/i.exec(raw.slice(0, headEnd + 2))?.[1];
  const body = raw.slice(headEnd + 4);
  if (length === undefined || Buffer.byteLength(body) !== Number(length)) return null;
  try {
    return JSON.parse(body) as T;
  } catch {
    return null;
  }
}
