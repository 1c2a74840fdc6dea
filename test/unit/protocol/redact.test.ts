import { describe, expect, it } from 'vitest';
import { redactDeep, redactorFromEnvs } from '../../../src/protocol/redact.js';
import { MASK } from '../../../src/config/secrets.js';

describe('redactor', () => {
  const redact = redactorFromEnvs([
    { API_TOKEN: 'tok-3f9a1c', DB_PASSWORD: 'hunter2!', DATABASE_URL: 'postgres://app:s3cretpw@db:5432/shop', PORT: '4000', DEBUG_KEY: '1' },
  ]);

  it('masks the value of every secret-named variable wherever it appears in text', () => {
    expect(redact('auth failed for token tok-3f9a1c (retrying)')).toBe(`auth failed for token ${MASK} (retrying)`);
    expect(redact('password hunter2! rejected')).toBe(`password ${MASK} rejected`);
  });

  it('masks a password that only appears inside a URL variable', () => {
    expect(redact('could not log in with s3cretpw')).toBe(`could not log in with ${MASK}`);
    expect(redact('connecting to postgres://other:pw12345@h/db')).toBe(`connecting to postgres://other:${MASK}@h/db`);
  });

  it('masks secret-looking assignments it has never seen (command lines, query strings)', () => {
    expect(redact('node server.js --api-key=abc123 --port=4000')).toBe(`node server.js --api-key=${MASK} --port=4000`);
    expect(redact('GET /hook?token=zzz&x=1')).toBe(`GET /hook?token=${MASK}&x=1`);
  });

  it('leaves short values and non-secret variables alone, so ordinary text stays readable', () => {
    expect(redact('listening on 4000 after 1 try')).toBe('listening on 4000 after 1 try');
  });

  it('masks a secret containing another one whole', () => {
    const nested = redactorFromEnvs([{ A_TOKEN: 'abcd', B_TOKEN: 'abcdefgh' }]);
    expect(nested('x abcdefgh y')).toBe(`x ${MASK} y`);
  });

  it('redactDeep masks strings inside objects and arrays and keeps keys and other types', () => {
    expect(redactDeep({ reason: 'token tok-3f9a1c', n: 3, list: ['hunter2!', null], nested: { ok: true } }, redact)).toEqual({
      reason: `token ${MASK}`,
      n: 3,
      list: [MASK, null],
      nested: { ok: true },
    });
  });
});
