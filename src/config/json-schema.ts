/** The JSON Schema for editors (yaml-language-server), generated from the zod schema in schema.ts. */
import * as z from 'zod';
import { acceptsExtensions, stackFileSchema } from './schema.js';

export function configJsonSchema(): object {
  const schema = z.toJSONSchema(stackFileSchema, {
    target: 'draft-2020-12',
    // The file as written: inputs of transforms (durations as strings, "TERM" as a signal).
    io: 'input',
    unrepresentable: 'any',
    override: (ctx) => {
      // Extension keys (x-…) are allowed wherever the loader drops them (strip-extensions.ts).
      if (acceptsExtensions(ctx.zodSchema)) ctx.jsonSchema.patternProperties = { '^x-': {} };
    },
  });
  return {
    ...schema,
    title: 'stack.yaml',
    description: 'Services of a local dev stack for `stack`: commands, ports, health checks, dependencies.',
  };
}
