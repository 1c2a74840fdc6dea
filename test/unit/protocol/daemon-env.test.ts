import { describe, expect, it } from 'vitest';
import { daemonProcessEnv, restoreUserEnv } from '../../../src/protocol/daemon-env.js';

describe('the daemon’s own environment', () => {
  it.each<{ what: string; user: NodeJS.ProcessEnv }>([
    { what: 'a user without MALLOC_ARENA_MAX', user: { PATH: '/bin' } },
    { what: 'a user with MALLOC_ARENA_MAX=4', user: { PATH: '/bin', MALLOC_ARENA_MAX: '4' } },
    { what: 'a user with MALLOC_ARENA_MAX=1', user: { MALLOC_ARENA_MAX: '1' } },
  ])('$what: the daemon gets one arena, its services the user’s environment exactly', ({ user }) => {
    const daemon = daemonProcessEnv(user);
    expect(daemon.MALLOC_ARENA_MAX).toBe('1');
    restoreUserEnv(daemon);
    expect(daemon).toEqual(user);
  });

  it('leaves an environment the CLI did not set alone (a daemon started another way)', () => {
    const env = { MALLOC_ARENA_MAX: '2', PATH: '/bin' };
    restoreUserEnv(env);
    expect(env).toEqual({ MALLOC_ARENA_MAX: '2', PATH: '/bin' });
  });
});
