/**
 * Keys starting with `x-` are extension fields (as in docker-compose): allowed and
 * ignored in every map of the format — top level, `services`, a service, `health`,
 * `depends_on` and its entries — so they can hold YAML anchors. Inside `env` maps keys
 * are variable names, so they are kept.
 */
export function isExtensionKey(key: string): boolean {
  return key.startsWith('x-');
}

export function stripExtensions(top: Record<string, unknown>): Record<string, unknown> {
  const out = withoutExtensions(top);
  if (isPlainMap(out.logs)) out.logs = withoutExtensions(out.logs);
  if (isPlainMap(out.services)) {
    out.services = mapValues(withoutExtensions(out.services), (service) => {
      if (!isPlainMap(service)) return service;
      const s = withoutExtensions(service);
      if (isPlainMap(s.health)) s.health = withoutExtensions(s.health);
      if (isPlainMap(s.depends_on)) {
        s.depends_on = mapValues(withoutExtensions(s.depends_on), (d) => (isPlainMap(d) ? withoutExtensions(d) : d));
      }
      return s;
    });
  }
  return out;
}

/** A YAML map as data; not a Date, byte array or set that an explicit tag (!!timestamp, !!binary) made. */
export function isPlainMap(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A copy without extension keys. Object.fromEntries keeps a "__proto__" key as data. */
function withoutExtensions(map: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).filter(([key]) => !isExtensionKey(key)));
}

function mapValues(map: Record<string, unknown>, fn: (value: unknown) => unknown): Record<string, unknown> {
  return Object.fromEntries(Object.entries(map).map(([key, value]) => [key, fn(value)]));
}
