import { installFastCpuKernels } from '../cpu-kernels';
import type { BackendName } from '../protocol';

/**
 * Called once a backend is active: on the CPU backend, swap in the fast typed-array kernels
 * (25-50x faster conv training than stock tfjs). Returns whether they are in use.
 */
export function useFastCpuKernels(backend: BackendName): boolean {
  if (backend !== 'cpu') return false;
  installFastCpuKernels();
  return true;
}
