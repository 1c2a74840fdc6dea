// The socket API is documented for other tools in docs/DESIGN.md §9: a route added to
// (or removed from) the daemon without its row there fails here.
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { ROUTES } from '../../../../src/daemon/server/server.js';

const design = readFileSync(new URL('../../../../docs/DESIGN.md', import.meta.url), 'utf8');

function documentedRoutes(): string[] {
  const section = /^## 9\. The daemon's socket API[^\n]*\n([\s\S]*?)(?=^## |(?![\s\S]))/m.exec(design)?.[1] ?? '';
  return [...section.matchAll(/^\| `((?:GET|POST|PUT|DELETE) \/[^`]*)` \|/gm)].map((m) => m[1]!);
}

it('docs/DESIGN.md §9 has one row per route the daemon serves', () => {
  expect(documentedRoutes().sort()).toEqual([...ROUTES].sort());
});
