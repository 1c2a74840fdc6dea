/**
 * `x-image:` of each service in stack.yaml: the image that runs it once it leaves this
 * machine. The loader drops `x-` keys (they are extensions, ignored by `stack up`), so
 * the exporters read them from the file itself; a value that is not an image name is an
 * error with its line and column.
 */
import { ConfigError } from '../errors.js';
import { displayPath } from '../format.js';
import { parseYaml } from '../config/parse.js';
import { Problems } from '../config/problems.js';

export const IMAGE_KEY = 'x-image';

// A docker reference, loosely: [registry[:port]/]name[:tag][@digest], plus ${VAR} for compose to fill in.
const IMAGE = /^[A-Za-z0-9${}_.:/@-]+$/;

export function readImages(source: string, file: string): Map<string, string> {
  const problems = new Problems(displayPath(file, process.cwd()));
  const parsed = parseYaml(source, problems);
  problems.throwIfAny();
  const images = new Map<string, string>();
  const services = parsed?.data.services;
  if (services === null || typeof services !== 'object') return images;
  for (const [name, service] of Object.entries(services as Record<string, unknown>)) {
    if (service === null || typeof service !== 'object' || !(IMAGE_KEY in service)) continue;
    const image = (service as Record<string, unknown>)[IMAGE_KEY];
    if (typeof image === 'string' && IMAGE.test(image)) images.set(name, image);
    else problems.at(['services', name, IMAGE_KEY], `expected an image name like node:20 or ghcr.io/me/api:1.2, got ${JSON.stringify(image)}`);
  }
  if (problems.count > 0) throw new ConfigError(problems.list());
  return images;
}
