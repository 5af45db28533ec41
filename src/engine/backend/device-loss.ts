import { backendLabel } from './select-backend';
import type { BackendName } from '../protocol';

/** Why a GPU device was lost (the WebGPU `GPUDeviceLostInfo` fields the engine reports). */
export interface DeviceLostInfo {
  /** 'destroyed' after `device.destroy()`, else 'unknown' (driver reset, GPU removed…). */
  reason: string;
  message: string;
}

/** The part of a `GPUDevice` the engine needs: the promise that settles on loss, and `destroy`. */
export interface LosableDevice {
  readonly lost: Promise<DeviceLostInfo>;
  destroy(): void;
}

/** The active backend's GPU device, and how to drop that backend for good once it is lost. */
export interface GpuDeviceHandle {
  device: LosableDevice;
  /** Unregister the dead backend so no later selection picks it; must not throw. */
  retire(): void;
}

/**
 * Call `onLost` once when `device` is lost, unless the returned `stop` ran first (the engine
 * stops watching when it switches backend or is destroyed, so its own teardown is not a loss).
 */
export function watchDeviceLoss(
  device: LosableDevice,
  onLost: (info: DeviceLostInfo) => void,
): () => void {
  let watching = true;
  device.lost.then(
    (info) => {
      if (watching) onLost(info);
    },
    () => undefined, // a rejected `lost` is not a loss
  );
  return () => {
    watching = false;
  };
}

/**
 * The sentence the lab shows after a loss: when (the run's step, if any), why, and what now.
 * `next` is the backend that took over, or null when none could start (`failure` says why).
 */
export function deviceLostMessage(
  info: DeviceLostInfo,
  step: number | null,
  next: BackendName | null,
  failure = '',
): string {
  const why = info.message ? `${info.reason}: ${info.message}` : info.reason;
  const when = step === null ? '' : ` at step ${step}`;
  const lost = `The GPU device was lost${when} (${why}).`;
  if (!next) return `${lost} No other backend could start: ${failure}`;
  return (
    `${lost} Switched to ${backendLabel(next)}; the recipe and the metrics so far are kept — ` +
    'press Start to train again.'
  );
}

/** The `backend` event's reason after a loss; `selection` is the selector's own reason, if any. */
export function deviceLostReason(info: DeviceLostInfo, selection: string): string {
  const lost = `The WebGPU device was lost (${info.reason})`;
  return selection ? `${lost}; ${selection}` : `${lost}: running on the next backend`;
}
