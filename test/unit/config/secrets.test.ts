import { describe, expect, it } from 'vitest';
import { MASK, maskEnv } from '../../../src/config/secrets.js';

describe('maskEnv', () => {
  it('masks values whose names say secret, and passwords inside URLs', () => {
    expect(
      maskEnv({
        API_TOKEN: 'abc123',
        DB_PASSWORD: 'hunter2',
        AWS_SECRET_ACCESS_KEY: 'xyz',
        STRIPE_KEY: 'sk_live',
        DATABASE_URL: 'postgres://app:hunter2@127.0.0.1:5433/shop',
        REDIS_URL: 'redis://127.0.0.1:6379',
        PORT: '4000',
        EMPTY_TOKEN: '',
      }),
    ).toEqual({
      API_TOKEN: MASK,
      DB_PASSWORD: MASK,
      AWS_SECRET_ACCESS_KEY: MASK,
      STRIPE_KEY: MASK,
      DATABASE_URL: `postgres://app:${MASK}@127.0.0.1:5433/shop`,
      REDIS_URL: 'redis://127.0.0.1:6379',
      PORT: '4000',
      EMPTY_TOKEN: '',
    });
  });
});
