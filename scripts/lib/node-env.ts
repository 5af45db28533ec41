/** The engine's Node environment, shared by the headless runner and the tests. */
import * as tf from '@tensorflow/tfjs';
import type { EngineEnv } from '../../src/engine/engine';
import { selectBackend } from '../../src/engine/backend/select-backend';
import { useFastCpuKernels } from '../../src/engine/backend/fast-cpu';
import { loadAssetFromDisk } from './load-asset';

/**
 * CPU backend only (whatever the recipe asks for: Node has no WebGPU or WebGL), with the fast CPU
 * kernels, and data read from `public/data`.
 */
export const nodeEnv: EngineEnv = {
  selectBackend: () =>
    selectBackend('cpu', async (name) => {
      if (name !== 'cpu') return 'not available in Node';
      return (await tf.setBackend('cpu')) ? null : 'failed to initialise';
    }),
  loadDataset: loadAssetFromDisk,
  onBackendActive: useFastCpuKernels,
};
