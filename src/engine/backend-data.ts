import { backendLabel, type BackendChoice, type BackendRequest } from './backend/select-backend';
import { watchDeviceLoss, type DeviceLostInfo, type GpuDeviceHandle } from './backend/device-loss';
import type { Dataset, DatasetName } from './data/dataset';
import { disposeSplit, uploadDataset, type DeviceSplit } from './data/device-data';
import type { EngineEnv } from './engine';
import type { BackendName, EngineEvent } from './protocol';
import type { Recipe } from '../settings/schema';
import type { SoftwareGpu, SpeedTrials } from './protocol';

/** The data set uploaded to the active backend, with the facts a model is built from. */
export interface DeviceData {
  train: DeviceSplit;
  test: DeviceSplit;
  numClasses: number;
  imageSize: number;
}

/** What the engine is told, and what it must do first, as backends and data come and go. */
export interface BackendHooks {
  /** The run's tensors live on the backend: dispose them before its data or backend goes. */
  disposeRun(): void;
  /** The active GPU device was lost (called once per device, never after a switch or destroy). */
  onDeviceLost(info: DeviceLostInfo): void;
}

/** The active backend and the data uploaded to it (once per backend and data set). */
export interface BackendData {
  /** The backend for `request`; selects one (and emits `backend`) only when the request changed. */
  ensureBackend(request: BackendRequest): Promise<BackendName>;
  /** `recipe`'s data on its backend; uploads (and emits `dataset`) only when something changed. */
  ensureData(recipe: Recipe): Promise<DeviceData>;
  /** Emit the `backend` event for the active backend with `reason`. */
  emitBackend(reason: string): void;
  /** This browser's speed trials, which 'auto' reads from the next selection on. */
  setSpeedTrials(trials: SpeedTrials): void;
  /** Whether the active backend's device has been lost (and not yet replaced). */
  deviceLost(): boolean;
  /** Whether the active backend runs on a GPU device that could be lost (WebGPU). */
  hasGpuDevice(): boolean;
  /**
   * Replace a lost backend: dispose what can be disposed without throwing, retire it, select the
   * next one (WebGL, else CPU) and re-upload the data. Throws when no backend can start.
   */
  replaceLost(): Promise<BackendChoice>;
  /** Destroy the GPU device on purpose; false when the backend has none. */
  destroyDevice(): boolean;
  /** Say which backend runs, for messages ('no backend is loaded' before the first). */
  describe(): string;
  /** Stop watching the device, dispose everything, forget the backend. */
  destroy(): void;
}

interface Loaded {
  request: BackendRequest;
  backend: BackendName;
  fastCpuKernels: boolean;
  /** Software GPUs 'auto' passed over with no speed trial to go by. */
  untimed: SoftwareGpu[];
  dataset: DatasetName;
  data: DeviceData | null;
  gpu: GpuDeviceHandle | null;
  /** Set by the watcher when the device is lost. */
  lost: boolean;
  /** Stop watching `gpu`: a deliberate switch or the engine's destroy is not a loss. */
  unwatch(): void;
}

export function createBackendData(
  env: EngineEnv,
  emit: (event: EngineEvent) => void,
  hooks: BackendHooks,
): BackendData {
  const datasets = new Map<DatasetName, Promise<Dataset>>();
  let loaded: Loaded | null = null;
  let trials: SpeedTrials = {};

  const loadDataset = (name: DatasetName): Promise<Dataset> => {
    let pending = datasets.get(name);
    if (!pending) {
      pending = env.loadDataset(name);
      datasets.set(name, pending);
      pending.catch(() => datasets.delete(name)); // a failed load can be retried
    }
    return pending;
  };

  /** Make a backend active for `request`, tried in `order`'s sequence, and watch its device. */
  async function activate(request: BackendRequest, order: BackendRequest): Promise<BackendChoice> {
    loaded?.unwatch();
    const choice = await env.selectBackend(order, trials);
    const fastCpuKernels = env.onBackendActive?.(choice.backend) ?? false;
    const gpu = env.gpuDevice?.(choice.backend) ?? null;
    const state: Loaded = {
      request,
      backend: choice.backend,
      fastCpuKernels,
      untimed: choice.untimed ?? [],
      dataset: 'mnist',
      data: null,
      gpu,
      lost: false,
      unwatch: () => undefined,
    };
    if (gpu) {
      state.unwatch = watchDeviceLoss(gpu.device, (info) => {
        state.lost = true;
        hooks.onDeviceLost(info);
      });
    }
    loaded = state;
    return choice;
  }

  function upload(state: Loaded, name: DatasetName, raw: Dataset): DeviceData {
    state.data = { ...uploadDataset(raw), numClasses: raw.numClasses, imageSize: raw.rows };
    state.dataset = name;
    return state.data;
  }

  /** Dispose the run and the uploaded data; the backend stays. */
  function disposeData(): void {
    hooks.disposeRun();
    if (loaded?.data) {
      disposeSplit(loaded.data.train);
      disposeSplit(loaded.data.test);
      loaded.data = null;
    }
  }

  const emitBackend = (reason: string): void => {
    const { backend, fastCpuKernels, untimed } = loaded!;
    emit({
      type: 'backend',
      backend,
      reason,
      fastCpuKernels,
      ...(untimed.length ? { untimed } : {}),
    });
  };

  async function ensureBackend(request: BackendRequest): Promise<BackendName> {
    if (loaded?.request === request) return loaded.backend;
    disposeData();
    const choice = await activate(request, request);
    emitBackend(choice.reason);
    return choice.backend;
  }

  async function ensureData(recipe: Recipe): Promise<DeviceData> {
    await ensureBackend(recipe.backend);
    const state = loaded!;
    if (state.data && state.dataset === recipe.dataset) return state.data;
    disposeData();
    const raw = await loadDataset(recipe.dataset);
    emit({
      type: 'dataset',
      dataset: recipe.dataset,
      trainCount: raw.train.count,
      testCount: raw.test.count,
    });
    return upload(state, recipe.dataset, raw);
  }

  async function replaceLost(): Promise<BackendChoice> {
    const dead = loaded!;
    const data = dead.data;
    quietly(hooks.disposeRun);
    if (data) for (const split of [data.train, data.test]) quietly(() => disposeSplit(split));
    dead.data = null;
    dead.gpu?.retire();
    try {
      // The request stays: a Start with the same recipe keeps the new backend.
      const choice = await activate(dead.request, 'webgl');
      if (data) upload(loaded!, dead.dataset, await loadDataset(dead.dataset));
      return choice;
    } catch (error) {
      loaded = null;
      throw error;
    }
  }

  return {
    ensureBackend,
    ensureData,
    emitBackend,
    setSpeedTrials(next) {
      trials = next;
    },
    replaceLost,
    deviceLost: () => loaded?.lost ?? false,
    hasGpuDevice: () => Boolean(loaded?.gpu),
    destroyDevice() {
      if (!loaded?.gpu) return false;
      loaded.gpu.device.destroy();
      return true;
    },
    describe: () =>
      loaded ? `the lab runs on ${backendLabel(loaded.backend)}` : 'no backend is loaded',
    destroy() {
      loaded?.unwatch();
      disposeData();
      loaded = null;
    },
  };
}

/** Run `part`, ignoring a throw: tensors of a lost device may refuse to go. */
function quietly(part: () => void): void {
  try {
    part();
  } catch {
    // Nothing more can be freed; the collector takes the rest.
  }
}
