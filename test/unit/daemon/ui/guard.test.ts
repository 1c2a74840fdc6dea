import { describe, expect, it } from 'vitest';
import { cookieValue, judge, type RequestFacts } from '../../../../src/daemon/ui/guard.js';

const expected = { port: 4321, token: 'tok-abcdefghijklmnop' };
const self = '127.0.0.1:4321';
const cookie = `stack-ui-4321=${expected.token}`;
const req = (over: Partial<RequestFacts>): RequestFacts => ({ method: 'GET', url: '/', host: self, origin: undefined, cookie: undefined, ...over });

describe('judge: who may use the dashboard', () => {
  it.each<[string, string, Partial<RequestFacts>]>([
    ['no token, no cookie', 'refuse 401', {}],
    ['the cookie', 'pass', { cookie }],
    ['the cookie among others', 'pass', { cookie: `a=1; ${cookie}; b=2` }],
    ['another port’s cookie', 'refuse 401', { cookie: `stack-ui-9999=${expected.token}` }],
    ['a wrong cookie', 'refuse 401', { cookie: 'stack-ui-4321=tok-abcdefghijklmnoX' }],
    ['a cookie of another length', 'refuse 401', { cookie: 'stack-ui-4321=tok' }],
    ['the token in the URL', 'login /', { url: `/?token=${expected.token}` }],
    ['the token with other parameters', 'login /api/status?x=1', { url: `/api/status?x=1&token=${expected.token}` }],
    ['a wrong token in the URL, even with the cookie', 'refuse 401', { url: '/?token=nope', cookie }],
    ['Host of a rebound name', 'refuse 403', { host: 'evil.example', cookie }],
    ['Host with the right port but another name', 'refuse 403', { host: 'localhost:4321', cookie }],
    ['Host without the port', 'refuse 403', { host: '127.0.0.1', cookie }],
    ['no Host', 'refuse 403', { host: undefined, cookie }],
    ['another Host with the right token', 'refuse 403', { host: 'evil.example:4321', url: `/?token=${expected.token}` }],
    ['POST from the page', 'pass', { method: 'POST', cookie, origin: `http://${self}` }],
    ['POST from another site', 'refuse 403', { method: 'POST', cookie, origin: 'http://evil.example' }],
    ['POST from localhost', 'refuse 403', { method: 'POST', cookie, origin: 'http://localhost:4321' }],
    ['POST without Origin', 'refuse 403', { method: 'POST', cookie }],
    ['POST with Origin null', 'refuse 403', { method: 'POST', cookie, origin: 'null' }],
    ['POST without the cookie', 'refuse 401', { method: 'POST', origin: `http://${self}` }],
    ['HEAD needs no Origin', 'pass', { method: 'HEAD', cookie }],
    ['DELETE from another site', 'refuse 403', { method: 'DELETE', cookie, origin: 'http://evil.example' }],
  ])('%s → %s', (_what, verdict, over) => {
    const v = judge(req(over), expected);
    const said = v.kind === 'pass' ? 'pass' : v.kind === 'login' ? `login ${v.location}` : `refuse ${v.status}`;
    expect(said).toBe(verdict);
  });

  it('sets an HttpOnly, SameSite=Strict cookie named after the port', () => {
    const v = judge(req({ url: `/?token=${expected.token}` }), expected);
    expect(v).toEqual({ kind: 'login', location: '/', setCookie: `stack-ui-4321=${expected.token}; HttpOnly; SameSite=Strict; Path=/` });
  });

  it('says what to do in each refusal', () => {
    const reasons = [judge(req({}), expected), judge(req({ host: 'evil.example' }), expected), judge(req({ method: 'POST', cookie }), expected)].map((v) =>
      v.kind === 'refuse' ? v.reason : '',
    );
    expect(reasons).toEqual([
      'open the dashboard with the URL stack ui prints (it carries the token)',
      'this dashboard answers only as http://127.0.0.1:4321/ (the request said Host: evil.example)',
      'a request that changes something must come from the dashboard’s own page (Origin: none)',
    ]);
  });
});

describe('cookieValue', () => {
  it.each<[string | undefined, string | null]>([
    [undefined, null],
    ['', null],
    ['x=1', null],
    ['stack-ui-1=a', 'a'],
    [' other=2 ;  stack-ui-1=b=c ', 'b=c'],
  ])('%j → %j', (header, value) => expect(cookieValue(header, 'stack-ui-1')).toBe(value));
});
