/**
 * Each service's `cwd` and `port` as stack.yaml's text shows them, read line by line
 * without parsing YAML: a hint, for starting work early while the real loader (yaml, zod,
 * interpolation) is still being loaded. Whatever it cannot read for sure (flow style,
 * `${VAR}`, anchors, `port: auto`) it leaves out; nothing may rely on it but timing.
 */
export interface GlancedService {
  name: string;
  /** As written (relative to stack.yaml's directory); null when the line is not there or not plain. */
  cwd: string | null;
  port: number | null;
}

const KEY = /^( *)([A-Za-z0-9_.-]+|"[^"]*"|'[^']*'):(.*)$/;

export function glanceServices(text: string): GlancedService[] {
  const services: GlancedService[] = [];
  let inServices = false;
  let serviceIndent = -1;
  let fieldIndent = -1;
  let current: GlancedService | null = null;
  for (const line of text.split(/\r?\n/)) {
    if (/^\s*(#.*)?$/.test(line)) continue;
    const match = KEY.exec(line);
    const indent = match ? match[1]!.length : line.length - line.trimStart().length;
    if (indent === 0) {
      inServices = match !== null && match[2] === 'services' && plain(match[3]!) === '';
      serviceIndent = fieldIndent = -1;
      current = null;
      continue;
    }
    if (!inServices || !match) continue;
    if (serviceIndent < 0) serviceIndent = indent;
    if (indent === serviceIndent) {
      current = { name: unquote(match[2]!), cwd: null, port: null };
      services.push(current);
      fieldIndent = -1;
      continue;
    }
    if (current === null || indent < serviceIndent) continue;
    if (fieldIndent < 0) fieldIndent = indent;
    if (indent !== fieldIndent) continue;
    const value = plain(match[3]!);
    if (match[2] === 'cwd' && value !== null && value !== '') current.cwd = value;
    if (match[2] === 'port' && value !== null && /^\d{1,5}$/.test(value)) current.port = Number(value);
  }
  return services;
}

/** A plain or quoted scalar without a comment; null for anything else (flow, anchors, `${…}`). */
function plain(raw: string): string | null {
  const value = raw.replace(/\s+#.*$/, '').trim();
  if (/^"[^"\\$]*"$/.test(value) || /^'[^'$]*'$/.test(value)) return value.slice(1, -1);
  if (/^[[{&*!|>@`%"']/.test(value) || value.includes('$')) return null;
  return value;
}

function unquote(key: string): string {
  return /^["'].*["']$/.test(key) ? key.slice(1, -1) : key;
}
