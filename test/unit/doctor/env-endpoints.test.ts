import { describe, expect, it } from 'vitest';
import { endpointFromUrl, endpointsInEnv, isLocalHost } from '../../../src/doctor/env-endpoints.js';

describe('endpointsInEnv', () => {
  it('reads URLs of common schemes, with default ports, never keeping credentials', () => {
    expect(
      endpointsInEnv({
        DATABASE_URL: 'postgres://user:secret@db.internal:5433/shop?sslmode=disable',
        REDIS_URL: 'redis://localhost',
        MONGO: 'mongodb://127.0.0.1:27018/app',
        AMQP_URL: 'amqp://guest:guest@[::1]:5673',
        API: 'http://127.0.0.1:4000/v1',
        ASYNC: 'postgresql+asyncpg://u@localhost/db',
      }),
    ).toEqual([
      { source: 'DATABASE_URL', host: 'db.internal', port: 5433 },
      { source: 'REDIS_URL', host: 'localhost', port: 6379 },
      { source: 'MONGO', host: '127.0.0.1', port: 27018 },
      { source: 'AMQP_URL', host: '::1', port: 5673 },
      { source: 'API', host: '127.0.0.1', port: 4000 },
      { source: 'ASYNC', host: 'localhost', port: 5432 },
    ]);
  });

  it('pairs FOO_HOST with FOO_PORT', () => {
    expect(endpointsInEnv({ DB_HOST: 'localhost', DB_PORT: '5432', CACHE_HOST: 'x', NODE_ENV: 'dev' })).toEqual([
      { source: 'DB_HOST/DB_PORT', host: 'localhost', port: 5432 },
    ]);
  });

  it('ignores values that are not endpoints, unknown schemes without a port, and duplicates', () => {
    expect(endpointsInEnv({ A: 'hello', B: 'file:///tmp/x', C: 'foo://host', D: 'see http://x:1 for docs', E: 'redis://h:6379', F: 'redis://h:6379/1' })).toEqual([
      { source: 'E', host: 'h', port: 6379 },
    ]);
    expect(endpointFromUrl('X', 'http://host:99999')).toBeNull();
  });

  it('knows loopback and any-address hosts', () => {
    for (const h of ['localhost', '127.0.0.1', '127.0.1.1', '::1', '0.0.0.0']) expect(isLocalHost(h)).toBe(true);
    expect(isLocalHost('db')).toBe(false);
  });
});
