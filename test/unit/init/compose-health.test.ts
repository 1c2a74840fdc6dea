// healthcheck: → stack health: recognisable http and tcp checks, exec otherwise, and where each runs.
import { describe, expect, it } from 'vitest';
import { healthOf, imageHealth, recognizeProbe } from '../../../src/init/compose-health.js';

describe('recognizeProbe', () => {
  it.each<[string, string, string | undefined]>([
    ['curl -f', 'curl -f http://localhost:3000/health', 'http http://localhost:3000/health'],
    ['curl with || exit 1', 'curl -fsS http://127.0.0.1:8080/ || exit 1', 'http http://127.0.0.1:8080/'],
    ['wget --spider', 'wget --no-verbose --tries=1 --spider http://localhost:3000/health || exit 1', 'http http://localhost:3000/health'],
    ['wget -qO- to /dev/null', 'wget -qO- http://0.0.0.0/ready > /dev/null 2>&1', 'http http://0.0.0.0/ready'],
    ['a quoted URL', `curl -f 'http://localhost:80/x?y=1'`, 'http http://localhost/x?y=1'],
    ['nc -z', 'nc -z localhost 5432', 'tcp localhost:5432'],
    ['nc -zv with a timeout', 'nc -zv -w 2 127.0.0.1 6379', 'tcp 127.0.0.1:6379'],
    ['another host is not this service', 'curl -f http://example.com/', undefined],
    ['a POST is not a health GET', 'curl -f -X POST http://localhost:3000/x', undefined],
    ['a pipeline', 'curl -s http://localhost:3000/ | grep ok', undefined],
    ['an env reference', 'curl -f http://localhost:$PORT/', undefined],
    ['pg_isready', 'pg_isready -U postgres', undefined],
  ])('%s', (_label, line, expected) => {
    const probe = recognizeProbe(line);
    const shown = probe === undefined ? undefined : 'http' in probe ? `http ${probe.http.href}` : `tcp ${probe.tcp.host}:${probe.tcp.port}`;
    expect(shown).toBe(expected);
  });
});

const hostRun = { kind: 'host' as const, port: 8080, mapping: { host: 8080, container: 3000, protocol: 'tcp' } };
const inDocker = { kind: 'docker' as const, container: 'shop-db', ports: [{ host: 5433, container: 5432, protocol: 'tcp' }] };

describe('healthOf', () => {
  it.each<[string, unknown, Parameters<typeof healthOf>[1], Record<string, unknown> | undefined]>([
    ['http on the container port → ${PORT} on this machine', { test: ['CMD', 'curl', '-f', 'http://localhost:3000/health'] }, hostRun, { http: 'http://localhost:${PORT}/health' }],
    ['timing carries over', { test: 'nc -z localhost 3000', interval: '5s', timeout: '2s', retries: 5, start_period: '1m30s' }, hostRun, { tcp: 8080, interval: '5s', timeout: '2s', retries: 5, start_period: '90s' }],
    ['anything else runs here as exec', { test: ['CMD-SHELL', 'pg_isready -U app'] }, hostRun, { exec: 'pg_isready -U app' }],
    ['NONE turns it off', { test: ['NONE'] }, hostRun, undefined],
    ['disable: true turns it off', { test: 'true', disable: true }, hostRun, undefined],
    ['a published port in docker → that host port', { test: 'nc -z localhost 5432' }, inDocker, { tcp: '127.0.0.1:5433' }],
    ['an unpublished port in docker → docker exec', { test: ['CMD', 'curl', '-f', 'http://localhost:9000/'] }, inDocker, { exec: 'docker exec shop-db curl -f http://localhost:9000/' }],
    ['a shell test in docker → docker exec sh -c', { test: ['CMD-SHELL', 'pg_isready -U app'] }, inDocker, { exec: "docker exec shop-db sh -c 'pg_isready -U app'" }],
  ])('%s', (_label, healthcheck, runsIn, expected) => {
    expect(healthOf(healthcheck, runsIn).health).toEqual(expected);
  });

  it.each<[string, Record<string, string>, string | undefined]>([
    ['postgres:16', {}, 'docker exec c pg_isready -h 127.0.0.1 -U postgres'],
    ['docker.io/library/postgres@sha256:abc', { POSTGRES_USER: 'app' }, 'docker exec c pg_isready -h 127.0.0.1 -U app'],
    ['postgis/postgis:16-3.4', { POSTGRES_USER: '${USER}' }, 'docker exec c pg_isready -h 127.0.0.1 -U postgres'],
    ['redis:7-alpine', {}, "docker exec c sh -c 'redis-cli ping | grep -q PONG'"],
    ['mypostgres-exporter:1', {}, undefined],
    ['nginx', {}, undefined],
  ])('a known image without a healthcheck: %s', (image, env, exec) => {
    expect(imageHealth(image, 'c', env)?.health?.exec).toBe(exec);
  });
});
