/**
 * `sh -c "node server.js"` keeps a shell between us and the service: `status` would
 * show the shell's pid and signals would reach the shell first. Prefixing a simple
 * command with `exec` makes the shell replace itself, so the service is the process we
 * started. Compound commands (`a && b`, pipes, lists, subshells) are left alone: `exec`
 * would end them after their first part.
 */
const COMPOUND = /[;&|\n`()<>]|\$\(|^\s*(?:if|for|while|until|case|exec|\{|!)\b/;

export function withExec(command: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' || COMPOUND.test(command)) return command;
  return `exec ${command}`;
}
