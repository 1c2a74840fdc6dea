/**
 * What one tool of `stack mcp` is: its name, description and input fields (zod, which
 * the SDK turns into the JSON Schema clients see), its MCP annotations, and `run`, which
 * returns the CLI's JSON and a summary. Tools throw StackErrors like commands do.
 */
import type * as z from 'zod';
import type { ToolAnnotations } from '@modelcontextprotocol/sdk/types.js';
import type { StackConfig } from '../../config/types.js';
import { parseDuration } from '../../config/duration.js';
import { StackError } from '../../errors.js';
import type { ProjectPaths } from '../../project-dir.js';
import type { ToolOutcome } from '../result.js';

export interface ToolContext {
  /** The project this server serves: `--file`, else $STACK_FILE, else stack.yaml from its cwd up (found again at each call). */
  paths(): ProjectPaths;
  /** stack.yaml, loaded and checked as every command does. */
  config(paths: ProjectPaths): Promise<StackConfig>;
  /** A progress line of a long call, for clients that asked for progress (a no-op otherwise). */
  progress(line: string): void;
}

export interface ToolSpec<Shape extends z.ZodRawShape = z.ZodRawShape> {
  name: string;
  title: string;
  description: string;
  input: Shape;
  annotations: ToolAnnotations;
  run(ctx: ToolContext, args: z.infer<z.ZodObject<Shape>>): Promise<ToolOutcome>;
}

/** Keeps each tool's argument type while the table holds them all. */
export function tool<Shape extends z.ZodRawShape>(spec: ToolSpec<Shape>): ToolSpec {
  return spec as unknown as ToolSpec;
}

/** Reads never change anything; none of the tools reaches beyond this machine's project. */
export const READ_ONLY: ToolAnnotations = { readOnlyHint: true, openWorldHint: false };

/** A `timeout` field ("30s", "2m") in milliseconds; `fallback` when absent. */
export function timeoutField(text: string | undefined, fallback: string): number {
  const value = text ?? fallback;
  const parsed = parseDuration(value);
  if (parsed.ok && parsed.ms > 0) return parsed.ms;
  throw new StackError('USAGE', `timeout ${value} is not usable: ${parsed.ok ? 'it must be longer than 0' : parsed.message}.`, {
    exitCode: 2,
    hint: 'e.g. timeout: "30s" or "2m"',
  });
}
