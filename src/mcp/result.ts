/**
 * How a tool's outcome travels (MCP, tools/call): the one-paragraph summary as the first
 * text block, the JSON (the same document the CLI's `--json` prints) as structured
 * content and, for clients that read only text, as a second text block. A failure the
 * CLI reports with an `error:` sentence is `isError: true`, with that sentence.
 */
import { stripVTControlCharacters } from 'node:util';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { errorLines } from '../cli/report-error.js';

export interface ToolOutcome {
  /** The CLI's `--json` document for the same command. */
  json: object;
  /** One paragraph, root cause first. */
  summary: string;
  /** The CLI would exit 1 with an error sentence (an operation or a wait that failed). */
  failed?: boolean;
}

export function toolResult(outcome: ToolOutcome): CallToolResult {
  return {
    content: [
      { type: 'text', text: outcome.summary },
      { type: 'text', text: JSON.stringify(outcome.json, null, 2) },
    ],
    structuredContent: outcome.json as Record<string, unknown>,
    ...(outcome.failed ? { isError: true } : {}),
  };
}

/** A tool that could not run (a broken stack.yaml, an unknown service, no daemon answering): the CLI's sentence, detail lines and hint. */
export function errorResult(error: unknown): CallToolResult {
  const text = errorLines(error).map((line) => stripVTControlCharacters(line)).join('\n');
  return { content: [{ type: 'text', text }], isError: true };
}
