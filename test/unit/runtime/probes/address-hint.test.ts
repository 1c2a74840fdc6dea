// A probe of one loopback refused while the port is open on the other: the sentence that
// says so, and only then.
import { describe, expect, it } from 'vitest';
import type { HealthProbe } from '../../../../src/config/types.js';
import { addressMismatch, probeAddress } from '../../../../src/runtime/probes/address-hint.js';

describe('probeAddress', () => {
  it.each<[string, HealthProbe, ReturnType<typeof probeAddress>]>([
    ['tcp to an IPv4 literal', { kind: 'tcp', host: '127.0.0.1', port: 5432 }, { host: '127.0.0.1', port: 5432 }],
    ['http to an IPv6 literal', { kind: 'http', url: 'http://[::1]:3000/health' }, { host: '::1', port: 3000 }],
    ['http without a port', { kind: 'http', url: 'http://127.0.0.1/health' }, { host: '127.0.0.1', port: 80 }],
    ['https without a port', { kind: 'http', url: 'https://127.0.0.1/' }, { host: '127.0.0.1', port: 443 }],
    ['a name (the probe tries what it resolves to)', { kind: 'http', url: 'http://localhost:3000/' }, null],
    ['tcp to localhost', { kind: 'tcp', host: 'localhost', port: 3000 }, null],
    ['an exec probe', { kind: 'exec', command: 'true' } as HealthProbe, null],
  ])('%s', (_, probe, want) => {
    expect(probeAddress(probe)).toEqual(want);
  });
});

describe('addressMismatch', () => {
  const v4 = { host: '127.0.0.1', port: 3000 };
  const v6 = { host: '::1', port: 3000 };
  const hint = 'use localhost in the health check (it tries 127.0.0.1 and ::1)';
  it.each<[string, typeof v4, string[], string | null]>([
    ['open on ::1 only, probed on 127.0.0.1', v4, ['::1'], `port 3000 is open on ::1 only, which a connection to 127.0.0.1 does not reach: ${hint}`],
    ['open on 127.0.0.1 only, probed on ::1', v6, ['127.0.0.1'], `port 3000 is open on 127.0.0.1 only, which a connection to ::1 does not reach: ${hint}`],
    ['open on another IPv4 address', v4, ['192.168.1.5', '::1'], `port 3000 is open on 192.168.1.5 and ::1 only, which a connection to 127.0.0.1 does not reach: ${hint}`],
    ['nothing listens: the refusal says it all', v4, [], null],
    ['the probed address itself (refused for another reason)', v4, ['127.0.0.1'], null],
    ['the IPv4 wildcard takes 127.0.0.1', v4, ['0.0.0.0'], null],
    ['the IPv4 wildcard does not take ::1', v6, ['0.0.0.0'], `port 3000 is open on 0.0.0.0 only, which a connection to ::1 does not reach: ${hint}`],
    ['the IPv6 wildcard takes both (dual stack)', v4, ['::'], null],
  ])('%s', (_, address, listening, want) => {
    expect(addressMismatch(address, listening)).toBe(want);
  });
});
