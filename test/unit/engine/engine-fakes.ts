import { vi, type Mock } from 'vitest';
import type { DeviceData } from '../../../src/engine/backend-data';
import type { Model } from '../../../src/engine/models/model';
import type { EngineEvent } from '../../../src/engine/protocol';
import {
  createRunLifecycle,
  type Run,
  type RunLifecycleDeps,
  type RunParts,
} from '../../../src/engine/run-lifecycle';
import type { LoopControl, LoopOptions, LoopOutcome } from '../../../src/engine/training/run-loop';
import type { TrainingSession } from '../../../src/engine/training/session';
import { defaultRecipe, type Recipe } from '../../../src/settings/schema';
import { fakeSession, finiteWindow } from '../../helpers/fake-session';

/** A promise the test settles by hand. */
export function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Let every pending promise callback run. */
export const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

/** Records events; `types` lists them as `type` or `type:phase/kind` for compact assertions. */
export function recorder() {
  const events: EngineEvent[] = [];
  const emit = (event: EngineEvent) => void events.push(event);
  const types = () =>
    events.map((e) =>
      e.type === 'phase' ? `phase:${e.phase}` : e.type === 'error' ? `error:${e.kind}` : e.type,
    );
  return { events, emit, types };
}

/** A model with no tensors: only its disposal is observable. */
export function fakeModel(name = 'fake'): Model & { dispose: Mock<() => void> } {
  return {
    name,
    layers: [],
    trainable: [],
    apply: () => {
      throw new Error('a fake model does not run');
    },
    parameterCount: () => 0,
    dispose: vi.fn<() => void>(),
  };
}

/** Data that only states its facts; the splits hold no tensors. */
export function fakeData(testCount = 1000): DeviceData {
  const split = (count: number) => ({ count }) as DeviceData['train'];
  return { train: split(60_000), test: split(testCount), numClasses: 10, imageSize: 28 };
}

export function fakeTrainingSession(): TrainingSession {
  return fakeSession(() => finiteWindow());
}

/** A run on a fake model and session. */
export function fakeRun(overrides: Partial<Run> = {}): Run {
  return {
    recipe: testRecipe(),
    model: fakeModel(),
    session: fakeTrainingSession(),
    ...overrides,
  };
}

export function testRecipe(overrides: Partial<Recipe> = {}): Recipe {
  return { ...defaultRecipe(), backend: 'cpu', ...overrides };
}

/** One fake training loop: what it was given, and how the test ends it. */
export interface FakeLoop {
  control: LoopControl;
  options: LoopOptions | undefined;
  /** End the loop with `outcome` (or make it fail); a stop request ends it as 'paused'. */
  end: ReturnType<typeof deferred<LoopOutcome>>;
  ended: boolean;
}

/** Fake run parts: models and sessions without tensors, loops the test ends. */
function fakeParts() {
  const models: ReturnType<typeof fakeModel>[] = [];
  const loops: FakeLoop[] = [];
  const parts: RunParts = {
    createModel: vi.fn(() => {
      const model = fakeModel();
      models.push(model);
      return model;
    }),
    copyWeights: vi.fn(() => null),
    createSession: vi.fn(async () => fakeTrainingSession()),
    runLoop: async (_session, _recipe, control, _emit, options) => {
      const loop: FakeLoop = { control, options, end: deferred<LoopOutcome>(), ended: false };
      loops.push(loop);
      try {
        return await untilEndOrStop(loop);
      } finally {
        loop.ended = true;
      }
    },
  };
  return { parts, models, loops };
}

async function untilEndOrStop({ control, end }: FakeLoop): Promise<LoopOutcome> {
  const tick = () => new Promise<undefined>((resolve) => setTimeout(resolve, 1));
  while (!control.stopRequested) {
    const outcome = await Promise.race([end.promise, tick()]);
    if (outcome) return outcome;
  }
  return 'paused';
}

/** A run lifecycle on fake parts, recording its events; `loops` are the loops it started. */
export function fakeLifecycle(overrides: Partial<RunLifecycleDeps> = {}) {
  const { events, emit, types } = recorder();
  const fakes = fakeParts();
  const reportFailure = vi.fn(async () => undefined);
  const backend = { ensureData: vi.fn(async () => fakeData(300)) };
  const deps = { emit, backend, parts: fakes.parts, reportFailure, liveMetricsMs: 250 };
  const runs = createRunLifecycle({ ...deps, ...overrides });
  return { runs, events, types, reportFailure, backend, ...fakes };
}
