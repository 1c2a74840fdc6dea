/**
 * The dependency graph as plain functions over `deps`: service name → names it depends on.
 * Callers validate first (missingDependencies, findCycle); the ordering functions assume
 * an acyclic graph whose edges all point at known services.
 */
export type Deps = Readonly<Record<string, readonly string[]>>;

/** Own entries only: a service may be called "constructor" or "toString". */
function has(deps: Deps, name: string): boolean {
  return Object.hasOwn(deps, name);
}

function depsOf(deps: Deps, name: string): readonly string[] {
  return has(deps, name) ? (deps[name] ?? []) : [];
}

/** The dependency map of a config's services (anything with a name and a dependsOn map). */
export function dependencyMapOf(services: Readonly<Record<string, { dependsOn: Readonly<Record<string, unknown>> }>>): Record<string, string[]> {
  return Object.fromEntries(Object.entries(services).map(([name, s]) => [name, Object.keys(s.dependsOn)]));
}

export interface MissingDependency {
  service: string;
  dependency: string;
}

export function missingDependencies(deps: Deps): MissingDependency[] {
  const missing: MissingDependency[] = [];
  for (const [service, ds] of Object.entries(deps)) {
    for (const dependency of ds) {
      if (!has(deps, dependency)) missing.push({ service, dependency });
    }
  }
  return missing;
}

/** A cycle as a path that ends where it starts (["api", "worker", "api"]), or null. */
export function findCycle(deps: Deps): string[] | null {
  const state = new Map<string, 'visiting' | 'done'>();
  // Iterative depth-first search: a long chain of services must not overflow the stack.
  for (const start of Object.keys(deps)) {
    if (state.has(start)) continue;
    const path = [start];
    const nextEdge = [0];
    state.set(start, 'visiting');
    while (path.length > 0) {
      const top = path.length - 1;
      const edges = depsOf(deps, path[top]!);
      const i = nextEdge[top]!;
      if (i >= edges.length) {
        state.set(path[top]!, 'done');
        path.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[top] = i + 1;
      const next = edges[i]!;
      if (!has(deps, next)) continue;
      const s = state.get(next);
      if (s === 'visiting') return [...path.slice(path.indexOf(next)), next];
      if (s === undefined) {
        state.set(next, 'visiting');
        path.push(next);
        nextEdge.push(0);
      }
    }
  }
  return null;
}

/** `selected` plus everything they depend on, transitively. Dependencies come first. */
export function withDependencies(deps: Deps, selected: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  // Iterative post-order walk (see findCycle for why not recursive).
  for (const root of selected) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack = [root];
    const nextEdge = [0];
    while (stack.length > 0) {
      const top = stack.length - 1;
      const edges = depsOf(deps, stack[top]!);
      const i = nextEdge[top]!;
      if (i >= edges.length) {
        out.push(stack[top]!);
        stack.pop();
        nextEdge.pop();
        continue;
      }
      nextEdge[top] = i + 1;
      const next = edges[i]!;
      if (!seen.has(next)) {
        seen.add(next);
        stack.push(next);
        nextEdge.push(0);
      }
    }
  }
  return out;
}

/** Reverse edges: service → services that depend on it directly. */
export function dependentsMap(deps: Deps): Record<string, string[]> {
  const rev = new Map<string, string[]>();
  for (const name of Object.keys(deps)) rev.set(name, []);
  for (const [service, ds] of Object.entries(deps)) {
    for (const d of ds) {
      const list = rev.get(d);
      if (list) list.push(service);
      else rev.set(d, [service]);
    }
  }
  return Object.fromEntries(rev);
}

/** `selected` plus everything that depends on them, transitively. Dependents come first. */
export function withDependents(deps: Deps, selected: readonly string[]): string[] {
  return withDependencies(dependentsMap(deps), selected);
}

/**
 * Start order in waves: every service in a wave depends only on earlier waves, so a
 * wave's services can start in parallel. Limited to `selected` and their dependencies.
 */
export function startWaves(deps: Deps, selected: readonly string[] = Object.keys(deps)): string[][] {
  const nodes = withDependencies(deps, selected);
  const level = new Map<string, number>();
  // withDependencies lists dependencies before dependents, so one pass suffices.
  for (const node of nodes) {
    const ds = depsOf(deps, node);
    level.set(node, ds.reduce((max, d) => Math.max(max, (level.get(d) ?? 0) + 1), 0));
  }
  return groupByLevel(nodes, level);
}

/** Stop order: dependents before what they depend on. Limited to `selected` and their dependents. */
export function stopWaves(deps: Deps, selected: readonly string[] = Object.keys(deps)): string[][] {
  const rev = dependentsMap(deps);
  return startWaves(rev, selected);
}

function groupByLevel(nodes: readonly string[], level: ReadonlyMap<string, number>): string[][] {
  const waves: string[][] = [];
  for (const node of nodes) {
    const l = level.get(node) ?? 0;
    (waves[l] ??= []).push(node);
  }
  return waves.filter((w) => w !== undefined);
}
