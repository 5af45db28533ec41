import * as tf from '@tensorflow/tfjs';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import type { BackendName } from '../protocol';
import type { GpuDeviceHandle } from './device-loss';

/**
 * The worker's view of the active WebGPU device (null on any other backend). Retiring removes the
 * dead backend from tfjs, so a later WebGPU request falls back with a reason instead of training
 * on a device that no longer runs anything.
 */
export function activeGpuDevice(backend: BackendName): GpuDeviceHandle | null {
  if (backend !== 'webgpu' || tf.getBackend() !== 'webgpu') return null;
  // tfjs types the active backend as the generic KernelBackend; on 'webgpu' it is this class.
  const { device } = tf.backend() as WebGPUBackend;
  return {
    device,
    retire() {
      try {
        tf.removeBackend('webgpu');
      } catch {
        // Already removed, or its teardown touched the dead device: either way it is gone.
      }
    },
  };
}
