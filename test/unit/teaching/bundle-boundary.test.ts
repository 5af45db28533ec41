import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { expect, test } from 'vitest';

/**
 * The teaching notes run on the page's main thread. Every module they import at run time must be
 * free of TensorFlow.js, or the main bundle grows by all of tfjs (about 1.1 MB, 245 kB gzip).
 * Type-only imports are erased and do not count.
 */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const specifiers: string[] = [];
  for (const m of source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)) {
    if (!m[1]) specifiers.push(m[2]!);
  }
  return specifiers;
}

function reachable(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of runtimeImports(file)) {
      if (spec.startsWith('.')) visit(resolve(dirname(file), `${spec}.ts`));
      else seen.add(spec);
    }
  };
  visit(entry);
  return seen;
}

test('technique-notes.ts reaches no TensorFlow.js module at run time', () => {
  const entry = resolve(import.meta.dirname, '../../../src/ui/teaching/technique-notes.ts');
  const modules = [...reachable(entry)];
  expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
  expect(modules.some((m) => m.endsWith('core/oscillation/formulas.ts'))).toBe(true);
  expect(modules.some((m) => m.endsWith('core/regularizers/r2-formulas.ts'))).toBe(true);
  expect(modules.some((m) => m.endsWith('core/stats/kurtosis-constants.ts'))).toBe(true);
});
