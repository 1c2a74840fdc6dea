// x-image: per service, read from the file the loader strips it from.
import { describe, expect, it } from 'vitest';
import { readImages } from '../../../src/export/images.js';
import { CONFIG, yaml } from '../config/helpers.js';

describe('readImages', () => {
  it('reads each service\'s x-image', () => {
    const source = yaml`
      services:
        api: { command: x, x-image: "ghcr.io/me/api:\${TAG}" }
        db: { command: y }
    `;
    expect([...readImages(source, CONFIG)]).toEqual([['api', 'ghcr.io/me/api:${TAG}']]);
  });

  it.each<[string, string]>([
    ['a number', '5'],
    ['a map', '{ name: x }'],
    ['spaces', '"my image"'],
  ])('%s is an error at its line and column', (_label, value) => {
    const source = `services:\n  api:\n    command: x\n    x-image: ${value}\n`;
    expect(() => readImages(source, CONFIG)).toThrow(expect.objectContaining({ details: [expect.stringMatching(/^stack\.yaml:4:14 services\.api\.x-image: expected an image name like node:20/)] }));
  });
});
