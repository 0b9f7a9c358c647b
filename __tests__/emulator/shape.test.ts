// The emulator's own shape: its modules import one another without a circle, so each part (the
// account, its books, its search engine) can be read, and changed, on its own.
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.join(__dirname, '../../emulator');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : sources(p);
    return e.name.endsWith('.ts') ? [p] : [];
  });
}

/** Each emulator file -> the emulator files it imports (type-only imports count: they tie the files together too). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(ROOT)) {
    const text = fs.readFileSync(file, 'utf8');
    const targets: string[] = [];
    for (const m of text.matchAll(/^(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)) {
      const base = path.resolve(path.dirname(file), m[1]);
      const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
      if (hit) targets.push(hit);
    }
    graph.set(file, targets);
  }
  return graph;
}

function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === 'done') return undefined;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f];
    state.set(f, 'open'); stack.push(f);
    for (const t of graph.get(f) ?? []) { const c = visit(t); if (c) return c; }
    stack.pop(); state.set(f, 'done');
    return undefined;
  };
  for (const f of graph.keys()) { const c = visit(f); if (c) return c; }
  return undefined;
}

describe('the emulator\'s shape', () => {
  test('no import circle among its modules (index files only re-export)', () => {
    const graph = importGraph();
    // index.ts files gather a folder's exports for callers outside it; a module inside never imports them
    for (const [file, targets] of graph) {
      for (const t of targets) if (path.basename(t) === 'index.ts' && file.startsWith(path.dirname(t) + path.sep)) expect(`${path.relative(ROOT, file)} imports ${path.relative(ROOT, t)}`).toBe('');
    }
    const cycle = findCycle(graph);
    expect(cycle?.map((f) => path.relative(ROOT, f)).join(' -> ')).toBeUndefined();
  });

  test('the graph it checks is the real one (account.ts imports books.ts, books.ts the store)', () => {
    const graph = importGraph();
    const rel = (f: string) => (graph.get(path.join(ROOT, f)) ?? []).map((t) => path.relative(ROOT, t));
    expect(rel('netsuite/account.ts')).toContain('netsuite/books.ts');
    expect(rel('netsuite/books.ts')).toContain('netsuite/store.ts');
    expect(rel('netsuite/search-engine.ts')).toContain('netsuite/store.ts');
  });
});
