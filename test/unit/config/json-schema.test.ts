import { describe, expect, it } from 'vitest';
import { configJsonSchema } from '../../../src/config/index.js';

type Schema = Record<string, any>;

describe('configJsonSchema', () => {
  const schema = configJsonSchema() as Schema;
  const service = schema.properties.services.additionalProperties as Schema;

  it('is a draft 2020-12 schema of the file as written', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('stack.yaml');
    expect(schema.required).toEqual(['services']);
    expect(Object.keys(schema.properties)).toEqual(['name', 'env', 'env_file', 'logs', 'services']);
  });

  it('lists every service key, and only command is required', () => {
    expect(Object.keys(service.properties)).toEqual([
      'command', 'cwd', 'port', 'env', 'env_file', 'health', 'depends_on', 'watch', 'build',
      'restart', 'on_stale', 'staleness', 'stop_signal', 'stop_timeout', 'memory_limit', 'pid_file',
    ]);
    expect(service.required).toEqual(['command']);
    expect(service.additionalProperties).toBe(false);
    expect(schema.properties.services.propertyNames.pattern).toBe('^[a-z0-9][a-z0-9_-]*$');
  });

  it('allows x- keys wherever the loader ignores them, and nowhere else', () => {
    expect(schema.patternProperties).toEqual({ '^x-': {} });
    expect(schema.properties.services.patternProperties).toEqual({ '^x-': {} });
    expect(service.patternProperties).toEqual({ '^x-': {} });
    expect(service.properties.health.patternProperties).toEqual({ '^x-': {} });
    expect(service.properties.env.patternProperties).toBeUndefined();
  });

  it('describes inputs, not the normalised output', () => {
    expect(service.properties.stop_timeout.type).toEqual(['number', 'string']);
    expect(service.properties.stop_signal.enum).toContain('TERM');
    expect(service.properties.port.anyOf).toEqual([{ type: 'integer', minimum: 1, maximum: 65535 }, { type: 'string' }]);
    expect(service.properties.restart.enum).toEqual(['always', 'on-failure', 'no']);
    expect(service.properties.command.description).toMatch(/shell/);
  });

  it('is plain JSON', () => {
    expect(JSON.parse(JSON.stringify(schema))).toEqual(schema);
  });
});
