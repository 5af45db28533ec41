// The sweep panel and its controller run on the page's main thread: nothing they import at run
// time may pull in TensorFlow.js (the engine runs in the workers). Type-only imports are erased.
import { resolve } from 'node:path';
import { expect, test } from 'vitest';
import { reachableModules as reachable } from '../../helpers/module-graph';

const src = resolve(import.meta.dirname, '../../../src');

test.each(['ui/sweep/SweepPanel.tsx', 'store/sweep/sweep-controller.ts'])(
  '%s reaches no TensorFlow.js module at run time',
  (entry) => {
    const modules = [...reachable(resolve(src, entry))];
    expect(modules.length).toBeGreaterThan(1);
    expect(modules.filter((m) => m.includes('@tensorflow'))).toEqual([]);
  },
);
