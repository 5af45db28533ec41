// The Runs panel, the recorder and the exports run on the page's main thread: nothing they import
// at run time may pull in TensorFlow.js (about 1.1 MB). Type-only imports are erased.
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { reachableModules as reachable } from '../../helpers/module-graph';

const src = resolve(import.meta.dirname, '../../../src');

test.each([
  'ui/history/RunsPanel.tsx',
  'store/run-recorder.ts',
  'store/history/idb-repository.ts',
  'store/export/weights-file.ts',
  'engine/export/weights-schema.ts',
  'ui/inspector/LayerInspector.tsx',
  'store/speed-trial-controller.ts',
  'main.tsx',
])('%s reaches no TensorFlow.js module at run time', (entry) => {
  const modules = [...reachable(resolve(src, entry))];
  expect(modules.length).toBeGreaterThan(1);
  expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
});
