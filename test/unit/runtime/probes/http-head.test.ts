/** What the http probe reads of an answer: the final status line, from however much has arrived. */
import { describe, expect, it } from 'vitest';
import { readStatus } from '../../../../src/runtime/probes/http-head.js';
import { requestFor } from '../../../../src/runtime/probes/http.js';

describe('readStatus', () => {
  it.each<[string, string, ReturnType<typeof readStatus>]>([
    ['a 200', 'HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok', { kind: 'status', status: 200 }],
    ['HTTP/1.0', 'HTTP/1.0 302 Found\r\n', { kind: 'status', status: 302 }],
    ['no reason phrase', 'HTTP/1.1 204\r\n\r\n', { kind: 'status', status: 204 }],
    ['the status line alone decides: the rest may not have come', 'HTTP/1.1 503 ', { kind: 'status', status: 503 }],
    ['nothing yet', '', { kind: 'incomplete' }],
    ['part of a status line', 'HTTP/1.1 2', { kind: 'incomplete' }],
    ['a code without what follows it', 'HTTP/1.1 200', { kind: 'incomplete' }],
    ['103 Early Hints, then the answer', 'HTTP/1.1 103 Early Hints\r\nlink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\n', { kind: 'status', status: 200 }],
    ['100 Continue whose headers are still coming', 'HTTP/1.1 100 Continue\r\nx: y', { kind: 'incomplete' }],
    ['the answer after an interim one still coming', 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 4', { kind: 'incomplete' }],
    ['101 is final: a switch nobody asked for', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', { kind: 'status', status: 101 }],
    ['not HTTP', 'SSH-2.0-OpenSSH_9.2\r\n', { kind: 'invalid' }],
    ['not HTTP, short', '-ERR', { kind: 'invalid' }],
    ['a TLS alert to a plain request', '\u0015\u0003\u0003\u0000\u0002\u0002\u0032', { kind: 'invalid' }],
    ['a code that is not three digits', 'HTTP/1.1 20 OK\r\n', { kind: 'invalid' }],
    ['lowercase is not HTTP', 'http/1.1 200 OK\r\n', { kind: 'invalid' }],
  ])('%s', (_, received, expected) => {
    expect(readStatus(received)).toEqual(expected);
  });
});

describe('requestFor: the GET a probe sends (path and query, Host, credentials as Basic auth, as node:http did)', () => {
  it.each<[string, string]>([
    ['http://127.0.0.1:8080/health', 'GET /health HTTP/1.1\r\nHost: 127.0.0.1:8080\r\nConnection: close\r\n\r\n'],
    ['http://localhost/', 'GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n'],
    ['http://localhost:3000', 'GET / HTTP/1.1\r\nHost: localhost:3000\r\nConnection: close\r\n\r\n'],
    ['http://[::1]:3000/ready?deep=1', 'GET /ready?deep=1 HTTP/1.1\r\nHost: [::1]:3000\r\nConnection: close\r\n\r\n'],
    ['https://localhost:8443/a b', 'GET /a%20b HTTP/1.1\r\nHost: localhost:8443\r\nConnection: close\r\n\r\n'],
    ['http://user:p%40ss@127.0.0.1:9000/', 'GET / HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nAuthorization: Basic dXNlcjpwQHNz\r\nConnection: close\r\n\r\n'],
    ['http://127.0.0.1:9000/#fragment', 'GET / HTTP/1.1\r\nHost: 127.0.0.1:9000\r\nConnection: close\r\n\r\n'],
  ])('%s', (url, request) => {
    expect(requestFor(new URL(url))).toBe(request);
  });
});
