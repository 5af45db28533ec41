import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { reachableModules as reachable } from '../../helpers/module-graph';

/**
 * The teaching notes run on the page's main thread. Every module they import at run time must be
 * free of TensorFlow.js, or the main bundle grows by all of tfjs (about 1.1 MB, 245 kB gzip).
 * Type-only imports are erased and do not count.
 */
test('technique-notes.ts reaches no TensorFlow.js module at run time', () => {
  const entry = resolve(import.meta.dirname, '../../../src/ui/teaching/technique-notes.ts');
  const modules = [...reachable(entry)];
  expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
  expect(modules.some((m) => m.endsWith('core/oscillation/formulas.ts'))).toBe(true);
  expect(modules.some((m) => m.endsWith('core/regularizers/r2-formulas.ts'))).toBe(true);
  expect(modules.some((m) => m.endsWith('core/stats/kurtosis-constants.ts'))).toBe(true);
});
