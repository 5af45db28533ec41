import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Module specifiers a file imports at run time (type-only imports are erased, so skipped). */
function runtimeImports(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  return [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gms)]
    .filter((m) => !m[1])
    .map((m) => m[2]!);
}

/**
 * Every module `entry` reaches at run time: resolved paths of relative .ts/.tsx imports and the
 * bare package specifiers, for tests that keep TensorFlow.js out of the main-thread bundle.
 */
export function reachableModules(entry: string): Set<string> {
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
