export { findConfigFile, CONFIG_NAMES, type FindOptions } from './find.js';
export { loadConfig, parseConfig, type LoadOptions } from './load.js';
export { configJsonSchema } from './json-schema.js';
export { parseDuration, durationLiteral } from './duration.js';
export type * from './types.js';
export { DEFAULTS } from './types.js';
