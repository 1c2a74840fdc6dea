/**
 * The command a Dockerfile's image runs (its last ENTRYPOINT and CMD), for a compose
 * service that is built but names no command. Exec form (JSON list) and shell form;
 * lines continued with a backslash. Multi-stage files: the last stage's instructions win.
 */
import { joinCommand, type Argv } from './compose-fields.js';

export function dockerfileCommand(text: string): Argv | undefined {
  let entrypoint: Argv | undefined;
  let cmd: Argv | undefined;
  for (const line of logicalLines(text)) {
    const match = /^(FROM|CMD|ENTRYPOINT)\s+(.*)$/i.exec(line);
    if (!match) continue;
    const instruction = match[1]!.toUpperCase();
    if (instruction === 'FROM') {
      entrypoint = undefined;
      cmd = undefined;
      continue;
    }
    const value = instructionArgs(match[2]!);
    if (instruction === 'CMD') cmd = value;
    else {
      entrypoint = value;
      // Docker resets CMD when ENTRYPOINT is set after it.
      cmd = undefined;
    }
  }
  return joinCommand(entrypoint, cmd);
}

function instructionArgs(rest: string): Argv | undefined {
  const text = rest.trim();
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed) && parsed.length > 0 && parsed.every((p) => typeof p === 'string')) return { argv: parsed as string[] };
    } catch {
      // Not valid JSON: Docker runs it in the shell form too.
    }
  }
  return text === '' ? undefined : { shell: text };
}

function logicalLines(text: string): string[] {
  const out: string[] = [];
  let current = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (current === '' && (line === '' || line.startsWith('#'))) continue;
    if (line.endsWith('\\')) {
      current += `${line.slice(0, -1)} `;
      continue;
    }
    out.push(current + line);
    current = '';
  }
  if (current !== '') out.push(current);
  return out;
}
