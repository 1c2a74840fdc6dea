/**
 * Mermaid's own parser, the one GitHub renders ```mermaid blocks with. Labels go through
 * DOMPurify, which needs a DOM: a happy-dom window is made global before mermaid loads.
 */
import { Window } from 'happy-dom';

type Parse = (text: string) => Promise<{ diagramType: string }>;
let parser: Promise<Parse> | undefined;

export function parseMermaid(text: string): Promise<{ diagramType: string }> {
  parser ??= (async () => {
    const window = new Window();
    Object.assign(globalThis, { window, document: window.document });
    const { default: mermaid } = await import('mermaid');
    return (source: string) => mermaid.parse(source) as Promise<{ diagramType: string }>;
  })();
  return parser.then((parse) => parse(text));
}
