// Writes stack.schema.json (for editors) from the zod schema the CLI validates with.
// Runs after `tsc` in `npm run build`; the file is generated, never edited by hand.
import { writeFileSync } from 'node:fs';
import { configJsonSchema } from '../dist/config/index.js';

const target = new URL('../stack.schema.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(configJsonSchema(), null, 2)}\n`);
