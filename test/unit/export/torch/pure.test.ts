// The exporter core is pure: the page or a worker can build train.py without TensorFlow.js.
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { reachableModules } from '../../../helpers/module-graph';

const ROOT = join(import.meta.dirname, '../../../..');

test('train-script.ts reaches no tfjs, DOM or Node module', () => {
  const modules = [...reachableModules(join(ROOT, 'src/engine/export/torch/train-script.ts'))];
  const packages = modules.filter((m) => !m.startsWith('/'));
  expect(packages.filter((m) => m !== 'zod')).toEqual([]);
});
