/** A YAML document with comments placed by key path: above a key, or at the end of its line. */
import { Document, isMap, isScalar, type Pair, type Scalar, type YAMLMap } from 'yaml';

export interface PlacedComment {
  path: ReadonlyArray<string | number>;
  text: string;
  /** Above the key (default), or at the end of its line. */
  inline?: boolean;
}

export function commentedYaml(data: unknown, header: readonly string[], comments: readonly PlacedComment[]): string {
  // No &anchors for objects used twice (labels, a probe shared by readiness and liveness):
  // plain copies read better. YAML 1.1 rules for scalars, so "no", "on" and "0700" are
  // quoted: docker-compose and many Kubernetes tools read them as booleans and octals.
  const doc = new Document(data, { aliasDuplicateObjects: false, version: '1.1' });
  if (header.length > 0) doc.commentBefore = header.map((l) => ` ${l}`).join('\n');
  for (const c of comments) {
    const parent = doc.getIn(c.path.slice(0, -1), true);
    if (!isMap(parent)) continue;
    const last = c.path[c.path.length - 1];
    const pair = (parent as YAMLMap<Scalar>).items.find((p: Pair<Scalar>) => isScalar(p.key) && p.key.value === last);
    if (!pair) continue;
    if (c.inline && isScalar(pair.value)) pair.value.comment = ` ${c.text}`;
    else if (c.inline) pair.key.comment = ` ${c.text}`;
    else pair.key.commentBefore = [pair.key.commentBefore, ...c.text.split('\n').map((l) => ` ${l}`)].filter(Boolean).join('\n');
  }
  return doc.toString({ lineWidth: 0 });
}
