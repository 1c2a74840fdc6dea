// Each compose key in every shape the compose format allows, read into one form.
import { describe, expect, it } from 'vitest';
import { argvOf, composeDurationMs, dependsOnOf, environmentOf, envFilesOf, joinCommand, portOf } from '../../../src/init/compose-fields.js';

describe('portOf', () => {
  it.each<[string, unknown, ReturnType<typeof portOf>]>([
    ['container port only', '3000', { host: undefined, container: 3000, protocol: 'tcp' }],
    ['a bare number', 80, { host: undefined, container: 80, protocol: 'tcp' }],
    ['host:container', '8080:80', { host: 8080, container: 80, protocol: 'tcp' }],
    ['ip:host:container', '127.0.0.1:8080:80', { host: 8080, container: 80, hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['ipv6', '[::1]:8080:80', { host: 8080, container: 80, hostIp: '::1', protocol: 'tcp' }],
    ['protocol', '6060:6060/udp', { host: 6060, container: 6060, protocol: 'udp' }],
    ['a range', '9000-9001:9000-9001', { host: 9000, container: 9000, protocol: 'tcp', range: true }],
    ['long syntax', { target: 80, published: '8080', host_ip: '127.0.0.1', protocol: 'tcp' }, { host: 8080, container: 80, hostIp: '127.0.0.1', protocol: 'tcp' }],
    ['long syntax, published as a number', { target: 5432, published: 5433 }, { host: 5433, container: 5432, protocol: 'tcp' }],
    ['long syntax, not published', { target: 80 }, { host: undefined, container: 80, protocol: 'tcp' }],
    ['not a port', 'http', undefined],
  ])('%s', (_label, value, expected) => {
    expect(portOf(value)).toEqual(expected);
  });
});

describe('environmentOf', () => {
  it.each<[string, unknown, ReturnType<typeof environmentOf>]>([
    ['a map', { A: 'x', N: 1, B: true }, { env: { A: 'x', N: '1', B: 'true' }, passThrough: [] }],
    ['a map with a name only', { A: null }, { env: {}, passThrough: ['A'] }],
    ['a list', ['A=x', 'B=y=z', 'C', 'D='], { env: { A: 'x', B: 'y=z', D: '' }, passThrough: ['C'] }],
    ['absent', undefined, { env: {}, passThrough: [] }],
  ])('%s', (_label, value, expected) => {
    expect(environmentOf(value)).toEqual(expected);
  });
});

describe('envFilesOf', () => {
  it.each<[string, unknown, ReturnType<typeof envFilesOf>]>([
    ['a string', '.env', [{ path: '.env', required: true }]],
    ['a list', ['a.env', 'b.env'], [{ path: 'a.env', required: true }, { path: 'b.env', required: true }]],
    ['the long form', [{ path: 'a.env', required: false }], [{ path: 'a.env', required: false }]],
  ])('%s', (_label, value, expected) => {
    expect(envFilesOf(value)).toEqual(expected);
  });
});

describe('dependsOnOf', () => {
  it.each<[string, unknown, ReturnType<typeof dependsOnOf>]>([
    ['the short list waits for started', ['db'], [{ name: 'db', condition: 'started', short: true }]],
    ['service_healthy', { db: { condition: 'service_healthy' } }, [{ name: 'db', condition: 'healthy', short: false }]],
    ['service_completed_successfully', { m: { condition: 'service_completed_successfully' } }, [{ name: 'm', condition: 'completed', short: false }]],
    ['service_started', { c: { condition: 'service_started', restart: true } }, [{ name: 'c', condition: 'started', short: false }]],
    ['no condition', { c: {} }, [{ name: 'c', condition: 'started', short: false }]],
    ['an unknown condition', { c: { condition: 'service_ready' } }, [{ name: 'c', condition: 'started', short: false, unknownCondition: 'service_ready' }]],
  ])('%s', (_label, value, expected) => {
    expect(dependsOnOf(value)).toEqual(expected);
  });
});

describe('commands and durations', () => {
  it.each<[string, unknown, unknown, ReturnType<typeof joinCommand>]>([
    ['a string command', undefined, 'npm start', { shell: 'npm start' }],
    ['a list command', undefined, ['node', 'a.js'], { argv: ['node', 'a.js'] }],
    ['list entrypoint + list command', ['node'], ['a.js', '-v'], { argv: ['node', 'a.js', '-v'] }],
    ['string entrypoint + list command', 'node --inspect', ['a b.js'], { shell: "node --inspect 'a b.js'" }],
    ['neither', undefined, undefined, undefined],
  ])('%s', (_label, entrypoint, command, expected) => {
    expect(joinCommand(argvOf(entrypoint), argvOf(command))).toEqual(expected);
  });

  it.each<[unknown, number | undefined]>([
    ['10s', 10_000],
    ['1m30s', 90_000],
    ['1.5s', 1500],
    ['500ms', 500],
    ['1h', 3_600_000],
    ['1500us', 2],
    ['0', 0],
    ['10', undefined],
    ['soon', undefined],
  ])('duration %j', (value, ms) => {
    expect(composeDurationMs(value)).toBe(ms);
  });
});
