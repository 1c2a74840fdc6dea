// The daemon checks every up/down/restart body before acting on it: which bodies pass,
// and the sentence each kind of wrong one gets.
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../src/config/index.js';
import { isAnyUpRequest, isDownRequest, isRestartRequest, isUpRequest, isWaitRequest, type Guard } from '../../../src/protocol/request-guards.js';

/** A config as the CLI sends it: resolved from stack.yaml, then through JSON. */
const config = JSON.parse(
  JSON.stringify(
    parseConfig('services:\n  api:\n    command: node server.js\n    port: 4000\n  db:\n    command: [postgres, -D, data]\n', '/srv/shop/stack.yaml', { env: {} }),
  ),
) as Record<string, unknown> & { services: Record<string, Record<string, unknown>> };

const api = config.services.api!;
/** `config` with its api service changed. */
const withApi = (change: Record<string, unknown>): unknown => ({ ...config, services: { ...config.services, api: { ...api, ...change } } });

const NOT_AN_OBJECT = 'the body must be a JSON object';
const BAD_SERVICES = 'services must be a list of service names';
const BAD_WAIT = 'wait must be true or false';
const BAD_CONFIG = 'config must be a stack config as the CLI resolves it';
const BAD_ENV = 'env must be a map of environment variables to text, when given';

const notObjects: [string, unknown][] = [
  ['null', null],
  ['a list', [config]],
  ['a string', 'up'],
  ['a number', 1],
];

const badServices: [string, unknown][] = [
  ['missing', undefined],
  ['a name instead of a list', 'api'],
  ['a list holding a number', ['api', 3]],
  ['a list holding null', [null]],
  ['a map', { api: true }],
];

const badConfigs: [string, unknown][] = [
  ['missing', undefined],
  ['null', null],
  ['an empty object', {}],
  ['without logs', { ...config, logs: undefined }],
  ['a service under another name', { ...config, services: { ...config.services, web: api } }],
  ['a service with an empty argv', withApi({ command: { argv: [] } })],
  ['a service whose port is text', withApi({ port: '4000' })],
  ['a service whose env holds a number', withApi({ env: { PORT: 4000 } })],
  ['a service without a health check', withApi({ health: undefined })],
  ['a service whose watch is one glob', withApi({ watch: '**/*.js' })],
  ['whose inputs are one path', { ...config, inputs: '/srv/shop/stack.yaml' }],
];

function expectRefused(guard: Guard<unknown>, body: unknown, problem: string): void {
  expect(guard(body)).toBe(false);
  expect(guard.problem(body)).toBe(problem);
}

function expectPassed(guard: Guard<unknown>, body: unknown): void {
  expect(guard.problem(body)).toBeNull();
  expect(guard(body)).toBe(true);
}

describe('isAnyUpRequest: POST /up with a config, or naming the file', () => {
  const file = '/srv/shop/stack.yaml';
  it.each([
    ['a config', { config, services: [], wait: true }],
    ['a file, names and the environment', { file, services: ['api'], wait: true, env: { HOME: '/root' } }],
    ['a file and an empty environment', { file, services: [], wait: false, env: {} }],
  ])('passes %s', (_what, body) => expectPassed(isAnyUpRequest, body));
  it.each([
    ['a file without an environment', { file, services: [], wait: true }, 'env must be a map of environment variables to text'],
    ['an empty file name', { file: '', services: [], wait: true, env: {} }, 'file must be the path of the stack.yaml to read'],
    ['a file that is not text', { file: 3, services: [], wait: true, env: {} }, 'file must be the path of the stack.yaml to read'],
    ['a file with bad services', { file, services: 'api', wait: true, env: {} }, BAD_SERVICES],
    ['a file with an environment holding a number', { file, services: [], wait: true, env: { PORT: 1 } }, 'env must be a map of environment variables to text'],
    // Both: judged as the config form, whose config must then be right.
    ['a file and a broken config', { file, config: {}, services: [], wait: true, env: {} }, BAD_CONFIG],
    ['neither', { services: [], wait: true }, BAD_CONFIG],
  ])('refuses %s', (_what, body, problem) => expectRefused(isAnyUpRequest, body, problem));
});

describe('isUpRequest', () => {
  it.each<[string, unknown]>([
    ['every service, waiting', { config, services: [], wait: true }],
    ['named services, not waiting', { config, services: ['api', 'db'], wait: false }],
    ['a field a newer CLI may add', { config, services: ['api'], wait: true, attach: true }],
    ["the CLI's environment", { config, services: [], wait: true, env: { HOME: '/home/me', EMPTY: '' } }],
    ['a dry run', { config, services: [], wait: true, dryRun: true }],
    ['a config of an older CLI, without inputs', { config: { ...config, inputs: undefined }, services: [], wait: true }],
  ])('passes %s', (_what, body) => expectPassed(isUpRequest, body));

  it.each(notObjects)('refuses %s as the body', (_what, body) => expectRefused(isUpRequest, body, NOT_AN_OBJECT));
  it.each(badServices)('refuses services %s', (_what, services) => expectRefused(isUpRequest, { config, services, wait: true }, BAD_SERVICES));
  it.each<[string, unknown]>([
    ['missing', undefined],
    ['a string', 'true'],
    ['a number', 1],
    ['null', null],
  ])('refuses wait %s', (_what, wait) => expectRefused(isUpRequest, { config, services: [], wait }, BAD_WAIT));
  it.each(badConfigs)('refuses a config %s', (_what, bad) => expectRefused(isUpRequest, { config: bad, services: [], wait: true }, BAD_CONFIG));
  it.each<[string, unknown]>([
    ['a list', ['HOME=/home/me']],
    ['a map holding a number', { PORT: 4000 }],
    ['null', null],
  ])('refuses env %s', (_what, env) => expectRefused(isUpRequest, { config, services: [], wait: true, env }, BAD_ENV));
  it('refuses dryRun that is not true or false', () => expectRefused(isUpRequest, { config, services: [], wait: true, dryRun: 'yes' }, 'dryRun must be true or false, when given'));
});

describe('isDownRequest', () => {
  it.each<[string, unknown]>([
    ['no names (everything)', { services: [] }],
    ['named services', { services: ['api', 'db'] }],
  ])('passes %s', (_what, body) => expectPassed(isDownRequest, body));

  it.each(notObjects)('refuses %s as the body', (_what, body) => expectRefused(isDownRequest, body, NOT_AN_OBJECT));
  it.each(badServices)('refuses services %s', (_what, services) => expectRefused(isDownRequest, { services }, BAD_SERVICES));
});

describe('isRestartRequest', () => {
  it('passes a config with the names to restart, and needs no wait', () => expectPassed(isRestartRequest, { config, services: ['api'] }));
  it("passes the CLI's environment, and refuses one that is not a map of text", () => {
    expectPassed(isRestartRequest, { config, services: ['api'], env: { HOME: '/home/me' } });
    expectRefused(isRestartRequest, { config, services: ['api'], env: { PORT: 4000 } }, BAD_ENV);
  });

  it.each(notObjects)('refuses %s as the body', (_what, body) => expectRefused(isRestartRequest, body, NOT_AN_OBJECT));
  it.each(badServices)('refuses services %s', (_what, services) => expectRefused(isRestartRequest, { config, services }, BAD_SERVICES));
  it.each(badConfigs)('refuses a config %s', (_what, bad) => expectRefused(isRestartRequest, { config: bad, services: ['api'] }, BAD_CONFIG));
});

describe('isWaitRequest', () => {
  it('passes names, a condition and an optional timeout', () => {
    expectPassed(isWaitRequest, { services: ['api'], for: 'healthy' });
    expectPassed(isWaitRequest, { services: [], for: 'stopped', timeoutMs: 1000 });
  });
  it('refuses an unknown condition and a timeout that is not a positive number', () => {
    expectRefused(isWaitRequest, { services: ['api'], for: 'ready' }, 'for must be one of healthy, running, completed, stopped');
    expectRefused(isWaitRequest, { services: ['api'], for: 'healthy', timeoutMs: 0 }, 'timeoutMs must be a number of milliseconds above 0, when given');
    expectRefused(isWaitRequest, { services: ['api'], for: 'healthy', timeoutMs: '1s' }, 'timeoutMs must be a number of milliseconds above 0, when given');
  });
  it.each(badServices)('refuses services %s', (_what, services) => expectRefused(isWaitRequest, { services, for: 'healthy' }, BAD_SERVICES));
});

describe('which problem is named', () => {
  it('names the first wrong field, in the order config, services, wait', () => {
    expect(isUpRequest.problem({ services: 'api', wait: 'yes' })).toBe(BAD_CONFIG);
    expect(isUpRequest.problem({ config, services: 'api', wait: 'yes' })).toBe(BAD_SERVICES);
  });
});
