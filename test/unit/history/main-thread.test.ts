// The Runs panel, the recorder and the exports run on the page's main thread: nothing they import
// at run time may pull in TensorFlow.js (about 1.1 MB). Type-only imports are erased.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect, test } from 'vitest';

function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)]
    .filter((m) => !m[1])
    .map((m) => m[2]!);
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (!spec.startsWith('.')) {
        seen.add(spec);
        continue;
      }
      const base = resolve(dirname(file), spec);
      const found = [`${base}.ts`, `${base}.tsx`].find(existsSync);
      if (found) visit(found);
    }
  };
  visit(entry);
  return seen;
}

const src = resolve(import.meta.dirname, '../../../src');

test.each([
  'ui/history/RunsPanel.tsx',
  'store/run-recorder.ts',
  'store/history/idb-repository.ts',
  'store/export/weights-file.ts',
  'engine/export/weights-schema.ts',
])('%s reaches no TensorFlow.js module at run time', (entry) => {
  const modules = [...reachable(resolve(src, entry))];
  expect(modules.length).toBeGreaterThan(1);
  expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
});
