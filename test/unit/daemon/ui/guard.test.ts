import { describe, expect, it } from 'vitest';
import { cookieValue, judge, type RequestFacts } from '../../../../src/daemon/ui/guard.js';

const expected = { port: 4321, token: 'tok-abcdefghijklmnop' };
const self = '127.0.0.1:4321';
const cookie = `stack-ui-4321=${expected.token}`;
const req = (over: Partial<RequestFacts>): RequestFacts => ({ method: 'GET', url: '/', host: self, origin: undefined, cookie: undefined, ...over });

describe('judge: who may use the dashboard', () => {
  it.each<[string, Partial<RequestFacts>, string]>([
    ['no token, no cookie', {}, 'refuse 401'],
    ['the cookie', { cookie }, 'pass'],
    ['the cookie among others', { cookie: `a=1; ${cookie}; b=2` }, 'pass'],
    ['another port’s cookie', { cookie: `stack-ui-9999=${expected.token}` }, 'refuse 401'],
    ['a wrong cookie', { cookie: 'stack-ui-4321=tok-abcdefghijklmnoX' }, 'refuse 401'],
    ['a cookie of another length', { cookie: 'stack-ui-4321=tok' }, 'refuse 401'],
    ['the token in the URL', { url: `/?token=${expected.token}` }, 'login /'],
    ['the token with other parameters', { url: `/api/status?x=1&token=${expected.token}` }, 'login /api/status?x=1'],
    ['a wrong token in the URL, even with the cookie', { url: '/?token=nope', cookie }, 'refuse 401'],
    ['Host of a rebound name', { host: 'evil.example', cookie }, 'refuse 403'],
    ['Host with the right port but another name', { host: 'localhost:4321', cookie }, 'refuse 403'],
    ['Host without the port', { host: '127.0.0.1', cookie }, 'refuse 403'],
    ['no Host', { host: undefined, cookie }, 'refuse 403'],
    ['another Host with the right token', { host: 'evil.example:4321', url: `/?token=${expected.token}` }, 'refuse 403'],
    ['POST from the page', { method: 'POST', cookie, origin: `http://${self}` }, 'pass'],
    ['POST from another site', { method: 'POST', cookie, origin: 'http://evil.example' }, 'refuse 403'],
    ['POST from localhost', { method: 'POST', cookie, origin: 'http://localhost:4321' }, 'refuse 403'],
    ['POST without Origin', { method: 'POST', cookie }, 'refuse 403'],
    ['POST with Origin null', { method: 'POST', cookie, origin: 'null' }, 'refuse 403'],
    ['POST without the cookie', { method: 'POST', origin: `http://${self}` }, 'refuse 401'],
    ['HEAD needs no Origin', { method: 'HEAD', cookie }, 'pass'],
    ['DELETE from another site', { method: 'DELETE', cookie, origin: 'http://evil.example' }, 'refuse 403'],
  ])('%s → %s', (_what, over, verdict) => {
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
