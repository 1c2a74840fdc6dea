/**
 * `stack mcp [--file path]`: an MCP server over stdio (the official SDK), serving the
 * project of its cwd or of --file. Each tool is a command of the CLI and returns what
 * that command's `--json` prints, with a summary. stdout carries the protocol and
 * nothing else: whatever else would be printed goes to stderr.
 */
import chalk from 'chalk';
import type { Command } from 'commander';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { VERSION } from '../version.js';
import { StackError } from '../errors.js';
import { loadProjectConfig, locateProject } from '../cli/project.js';
import { errorResult, toolResult } from './result.js';
import { ACT_TOOLS } from './tools/act.js';
import { READ_TOOLS } from './tools/read.js';
import type { ToolContext, ToolSpec } from './tools/tool.js';

export const TOOLS: ToolSpec[] = [...READ_TOOLS, ...ACT_TOOLS];

const INSTRUCTIONS = `Supervises one project's local dev stack, described by its stack.yaml. The tools are the stack CLI's commands: where a hint says "stack restart api", call the restart tool with services ["api"]. Before testing against the running stack, call status: a service marked stale runs older code than what is on disk (restart it, then wait). doctor explains what is wrong, root cause first.`;

export async function mcpCommand(program: Command): Promise<void> {
  keepStdoutForTheProtocol();
  // The text goes to a client, not a terminal.
  chalk.level = 0;
  const server = new McpServer({ name: 'stack', version: VERSION }, { instructions: INSTRUCTIONS });
  for (const spec of TOOLS) register(server, program, spec);
  announce(program);

  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => {
    server.server.onclose = resolve;
    // The client went away (it closed our stdin): there is nobody left to answer.
    process.stdin.once('end', resolve);
  });
  await server.connect(transport);
  await closed;
  await server.close();
}

function register(server: McpServer, program: Command, spec: ToolSpec): void {
  server.registerTool(spec.name, { title: spec.title, description: spec.description, inputSchema: spec.input, annotations: spec.annotations }, async (args, extra) => {
    const token = extra._meta?.progressToken;
    let step = 0;
    const ctx: ToolContext = {
      paths: () => locateProject(program),
      config: (paths) => loadProjectConfig(paths),
      progress: (line) => {
        if (token === undefined) return;
        step += 1;
        extra.sendNotification({ method: 'notifications/progress', params: { progressToken: token, progress: step, message: line } }).catch(() => undefined);
      },
    };
    try {
      return toolResult(await spec.run(ctx, args as never));
    } catch (error) {
      return errorResult(error);
    }
  });
}

/** One line on stderr (where MCP clients keep a server's log): which project this serves. */
function announce(program: Command): void {
  try {
    console.error(`stack mcp ${VERSION}: serving ${locateProject(program).configFile}`);
  } catch (error) {
    // No stack.yaml in reach yet: the server runs anyway, and each tool says what is wrong.
    const why = error instanceof StackError ? error.message : String(error);
    console.error(`stack mcp ${VERSION}: ${why}${/[.!?]$/.test(why) ? '' : '.'} Each tool will say so until there is one (or pass --file).`);
  }
}

/**
 * The builders this server shares with the CLI print nothing on its path, but a stray
 * console.log (a warning of a library, a future edit) would corrupt the JSON-RPC stream
 * and break the client: route them to stderr.
 */
function keepStdoutForTheProtocol(): void {
  const toStderr = (...args: unknown[]): void => console.error(...args);
  console.log = toStderr;
  console.info = toStderr;
  console.debug = toStderr;
}
