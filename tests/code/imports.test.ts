import { ImportGraph, readImportGraph } from './import-graph';

/*
 * Two habits ESLint cannot keep for us. Its import-x/no-cycle skips `import type`, and a cycle of types is
 * still a cycle: a module should make sense from what it imports, without what imports it. And an export
 * nothing else uses (tests and scripts count) is either dead code or should not be an export.
 */

/** Each group of modules that import one another in a ring (Tarjan's strongly connected components). */
function cycles(graph: ImportGraph): string[][] {
  const next = new Map<string, Set<string>>(graph.files.map((file) => [file, new Set()]));
  for (const edge of graph.imports) next.get(edge.from)?.add(edge.to);

  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, index.size);
    low.set(file, index.get(file)!);
    stack.push(file);
    for (const to of next.get(file) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(file, Math.min(low.get(file)!, low.get(to)!));
      } else if (stack.includes(to)) {
        low.set(file, Math.min(low.get(file)!, index.get(to)!));
      }
    }
    if (low.get(file) === index.get(file)) {
      const group: string[] = [];
      for (let member = stack.pop()!; ; member = stack.pop()!) {
        group.push(member);
        if (member === file) break;
      }
      if (group.length > 1 || next.get(file)!.has(file)) found.push(group.sort());
    }
  };
  for (const file of graph.files) if (!index.has(file)) visit(file);
  return found;
}

/**
 * Names a module in bot/ or tab/src exports that no other module imports. A type the module itself uses
 * may stay exported: it is part of the signature of something else it exports (a constructor's deps).
 */
function unusedExports(graph: ImportGraph): string[] {
  const used = new Map<string, Set<string>>();
  for (const edge of graph.imports) {
    if (edge.from === edge.to) continue;
    const names = used.get(edge.to) ?? new Set<string>();
    edge.names.forEach((name) => names.add(name));
    used.set(edge.to, names);
  }
  return graph.files
    .filter((file) => file.startsWith('bot/') || file.startsWith('tab/src/'))
    .flatMap((file) => {
      const names = used.get(file) ?? new Set<string>();
      if (names.has('*')) return [];
      return graph
        .exportsOf(file)
        .filter((exported) => !names.has(exported.name) && !(exported.typeOnly && exported.usedInItsFile))
        .map((exported) => `${file}: ${exported.name}`);
    });
}

describe('Imports between our own modules', () => {
  let graph: ImportGraph;
  beforeAll(() => {
    graph = readImportGraph();
  });

  it('When every import is followed, type-only ones included, then no module leads back to itself', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('When the exports of bot/ and tab/src are listed, then another module (code, test or script) imports each one', () => {
    expect(unusedExports(graph)).toEqual([]);
  });
});
