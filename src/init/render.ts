/**
 * A Draft as stack.yaml text, with its comments: a header saying where it came from,
 * above each service where it came from and what was changed, beside a key why its
 * value is what it is (above the key when the reason is long).
 */
import { Document, isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { Draft, DraftService } from './draft.js';

const WIDTH = 88;
export const SCHEMA_COMMENT = 'yaml-language-server: $schema=./node_modules/stack-supervisor/stack.schema.json';

export function renderDraft(draft: Draft): string {
  const data: Record<string, unknown> = {};
  if (draft.envFile) data.env_file = draft.envFile;
  data.services = Object.fromEntries(draft.services.map((s) => [s.name, s.fields]));
  // YAML 1.1 scalar rules: "no" (restart: "no") is quoted, so editors that read YAML 1.1 see a string too.
  const doc = new Document(data, { aliasDuplicateObjects: false, version: '1.1' });
  doc.commentBefore = [
    ` ${SCHEMA_COMMENT}`,
    ` Written by \`stack init\` from ${draft.from}. Check what it guessed (the notes it printed`,
    ' and the comments below), then run: stack up',
    ' Reference: the stack.yaml section of the README of stack.',
  ].join('\n');
  const services = doc.get('services', true) as YAMLMap<Scalar, YAMLMap<Scalar>>;
  services.items.forEach((pair, index) => decorateService(pair, draft.services[index]!, index > 0));
  if (draft.envFile) {
    const envFile = (doc.contents as YAMLMap<Scalar>).items[0]!;
    (envFile.value as Scalar).comment = ' read by every service, as foreman and honcho read it';
  }
  return doc.toString({ lineWidth: 0 });
}

function decorateService(pair: Pair<Scalar, YAMLMap<Scalar>>, service: DraftService, spaced: boolean): void {
  if (spaced) pair.key.spaceBefore = true;
  if (service.comment && service.comment.length > 0) pair.key.commentBefore = commentLines(service.comment);
  if (!isMap(pair.value)) return;
  for (const field of pair.value.items) {
    const key = isScalar(field.key) ? String(field.key.value) : '';
    const text = service.keyComments?.[key];
    if (!text) continue;
    const inline = `${key}: ${isScalar(field.value) ? String(field.value.value) : ''}`.length + text.length + 7 <= WIDTH;
    if (isScalar(field.value) && inline) field.value.comment = ` ${text}`;
    else if (!isScalar(field.value) && key.length + text.length + 9 <= WIDTH) (field.key as Scalar).comment = ` ${text}`;
    else (field.key as Scalar).commentBefore = commentLines([text]);
  }
}

/** Lines as a YAML comment block, each wrapped to the width at spaces. */
function commentLines(lines: readonly string[]): string {
  return lines.flatMap((line) => wrap(line, WIDTH - 8)).map((l) => ` ${l}`).join('\n');
}

function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let current = '';
  for (const word of text.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      out.push(current);
      current = word;
    } else current = current === '' ? word : `${current} ${word}`;
  }
  if (current !== '') out.push(current);
  return out;
}
