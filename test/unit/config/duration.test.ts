import { describe, expect, it } from 'vitest';
import { durationLiteral, parseDuration } from '../../../src/config/duration.js';
import { load, problems, yaml } from './helpers.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['2s', 2000],
    ['1.5s', 1500],
    ['.5s', 500],
    ['1m', 60_000],
    ['1.5m', 90_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    [' 2s ', 2000],
    ['0', 0],
    ['0s', 0],
    [0, 0],
    ['24h', 86_400_000],
  ] as const)('%j → %i ms', (input, ms) => {
    expect(parseDuration(input)).toEqual({ ok: true, ms });
  });

  it.each([
    [2, '2 has no unit; write "2s" for seconds or "2ms" for milliseconds'],
    ['500', '500 has no unit; write "500s" for seconds or "500ms" for milliseconds'],
    ['2 s', '"2 s" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h'],
    ['2sec', '"2sec" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h'],
    ['-1s', '"-1s" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h'],
    ['1d', '"1d" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h'],
    ['s', '"s" is not a duration; write a number with a unit: 500ms, 2s, 1.5m or 1h'],
    ['', 'expected a duration like "2s" or "500ms", got an empty string'],
    ['25h', '"25h" is too long; the limit is 24h'],
  ] as const)('%j is rejected', (input, message) => {
    expect(parseDuration(input)).toEqual({ ok: false, message });
  });

  it('rounds to whole milliseconds', () => {
    expect(parseDuration('1.0004s')).toEqual({ ok: true, ms: 1000 });
  });
});

describe('durationLiteral', () => {
  it.each([
    [0, '0'],
    [500, '500ms'],
    [2000, '2s'],
    [90_000, '90s'],
    [120_000, '2m'],
    [3_600_000, '1h'],
  ])('%i → %s', (ms, text) => {
    expect(durationLiteral(ms)).toBe(text);
  });
});

describe('durations in stack.yaml', () => {
  it('fill the health and stop settings in milliseconds, with defaults', () => {
    const config = load(yaml`
      services:
        a: { command: a, health: { interval: 250ms, timeout: 3s, start_period: 1m }, stop_timeout: 2s }
        b: { command: b }
    `);
    expect(config.services.a!.health).toMatchObject({ interval: 250, timeout: 3000, startPeriod: 60_000 });
    expect(config.services.a!.stopTimeout).toBe(2000);
    expect(config.services.b!.health).toMatchObject({ interval: 2000, timeout: 1000, retries: 3, startPeriod: 10_000 });
    expect(config.services.b!.stopTimeout).toBe(10_000);
  });

  it('report a bad duration at its value', () => {
    expect(
      problems(yaml`
        services:
          a:
            command: a
            stop_timeout: 10
            health:
              interval: 0s
              timeout: [1s]
      `),
    ).toMatchInlineSnapshot(`
      [
        "stack.yaml:4:19 services.a.stop_timeout: 10 has no unit; write "10s" for seconds or "10ms" for milliseconds",
        "stack.yaml:6:17 services.a.health.interval: must be longer than 0",
        "stack.yaml:7:16 services.a.health.timeout: expected a duration like "2s" or "500ms", got a list",
      ]
    `);
  });
});
