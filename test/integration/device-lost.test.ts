// WebGPU device loss in Node: a fake device stands in for the GPU (tfjs really runs on CPU), so
// the engine's recovery path (stop, dispose, reselect, re-upload, report) runs for real.
import * as tf from '@tensorflow/tfjs';
import { describe, expect, test, vi } from 'vitest';
import type { DeviceLostInfo } from '../../src/engine/backend/device-loss';
import type { BackendRequest } from '../../src/engine/backend/select-backend';
import type { EngineEnv } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { testRecipe, nodeEnv, only, recordingEngine } from '../helpers/node-engine';

/** Node's environment, except that the first selection says WebGPU and has a losable device. */
function gpuEnv() {
  let lose!: (info: DeviceLostInfo) => void;
  const lost = new Promise<DeviceLostInfo>((resolve) => (lose = resolve));
  const device = {
    lost,
    destroy: vi.fn(() => lose({ reason: 'destroyed', message: 'Device was destroyed.' })),
  };
  const retire = vi.fn();
  const requests: BackendRequest[] = [];
  const env: EngineEnv = {
    ...nodeEnv,
    async selectBackend(request) {
      requests.push(request);
      const choice = await nodeEnv.selectBackend(request);
      return requests.length === 1 ? { backend: 'webgpu', reason: '' } : choice;
    },
    onBackendActive: () => nodeEnv.onBackendActive!('cpu'),
    gpuDevice: (backend) => (backend === 'webgpu' ? { device, retire } : null),
  };
  return { env, device, lose, retire, requests };
}

const shortRun = (steps: number) =>
  testRecipe({
    backend: 'auto',
    steps,
    batchSize: 8,
    metricsEvery: 5,
    evalEvery: 100_000,
    testExamples: 100,
    ptqAtEnd: 'off',
  });

async function waitFor(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setTimeout(resolve, 5));
}

const phases = (events: EngineEvent[]) => only(events, 'phase').map((e) => e.phase);

describe('WebGPU device loss', () => {
  test('mid-run: stops, reports error, backend and failed in order, then trains on CPU', async () => {
    const tensorsBefore = tf.memory().numTensors;
    const gpu = gpuEnv();
    const { engine, events, until } = recordingEngine(gpu.env);
    await engine.handle({ type: 'start', recipe: shortRun(100_000) });
    await waitFor(() => only(events, 'train-metrics').length >= 2);
    const mark = events.length;
    const failed = until(['failed']);
    await engine.handle({ type: 'simulate-device-loss' });
    await failed;
    const after = events.slice(mark);
    expect(gpu.device.destroy).toHaveBeenCalledOnce();
    expect(gpu.retire).toHaveBeenCalledOnce();
    expect(gpu.requests).toEqual(['auto', 'webgl']);
    // Nothing but a few last metrics between the loss and the report: no 'paused', no other error.
    expect(phases(after)).toEqual(['failed']);
    expect(only(after, 'error')).toHaveLength(1);
    const [error, backend, phase] = after.slice(-3);
    const lastStep = only(events, 'train-metrics').at(-1)!.step;
    expect(error).toMatchObject({ type: 'error', kind: 'backend' });
    const message = (error as { message: string }).message;
    const step = Number(
      /lost at step (\d+) \(destroyed: Device was destroyed\.\)\./.exec(message)![1],
    );
    expect(step).toBeGreaterThanOrEqual(lastStep);
    expect(message).toMatch(/Switched to CPU; .* press Start to train again\.$/);
    expect(backend).toMatchObject({ type: 'backend', backend: 'cpu', reason: /device was lost/ });
    expect(phase).toEqual({ type: 'phase', phase: 'failed', message });

    // Start trains afresh on the new backend: same request, so no new selection.
    const restart = events.length;
    const finished = until(['finished', 'failed']);
    await engine.handle({ type: 'start', recipe: shortRun(20) });
    await finished;
    const again = events.slice(restart);
    expect(phases(again).at(-1)).toBe('finished');
    expect(only(again, 'train-metrics').map((m) => m.step)).toEqual([5, 10, 15, 20]);
    expect(only(again, 'error')).toEqual([]);
    expect(only(again, 'backend')).toEqual([]);
    expect(gpu.requests).toHaveLength(2);
    await engine.destroy();
    expect(tf.memory().numTensors).toBe(tensorsBefore);
  });

  test('while idle: the report has no step, and the data is back for the next start', async () => {
    const gpu = gpuEnv();
    const { engine, events, until } = recordingEngine(gpu.env);
    await engine.handle({ type: 'probe', recipe: shortRun(10) });
    const failed = until(['failed']);
    gpu.lose({ reason: 'unknown', message: '' });
    await failed;
    expect(only(events, 'error').map((e) => e.message)).toEqual([
      expect.stringMatching(/^The GPU device was lost \(unknown\)\. Switched to CPU;/),
    ]);
    const finished = until(['finished', 'failed']);
    await engine.handle({ type: 'start', recipe: shortRun(10) });
    await finished;
    expect(phases(events).at(-1)).toBe('finished');
    await engine.destroy();
  });

  test("the engine's own destroy is not a loss", async () => {
    const gpu = gpuEnv();
    const { engine, events } = recordingEngine(gpu.env);
    await engine.handle({ type: 'probe', recipe: shortRun(10) });
    await engine.destroy();
    const count = events.length;
    gpu.lose({ reason: 'destroyed', message: '' });
    await new Promise((resolve) => setTimeout(resolve, 0));
    await engine.handle({ type: 'reset' }); // anything queued behind a recovery has run
    expect(events.slice(count)).toEqual([
      { type: 'phase', phase: 'idle', message: 'Reset: ready to train.' },
    ]);
    expect(gpu.retire).not.toHaveBeenCalled();
  });

  test('simulate-device-loss without a GPU device is a backend error that changes nothing', async () => {
    const { engine, events } = recordingEngine();
    await engine.handle({ type: 'simulate-device-loss' });
    await engine.handle({ type: 'probe', recipe: shortRun(10) });
    await engine.handle({ type: 'simulate-device-loss' });
    expect(only(events, 'error')).toEqual([
      {
        type: 'error',
        kind: 'backend',
        message: 'There is no GPU device to lose: no backend is loaded.',
      },
      {
        type: 'error',
        kind: 'backend',
        message: 'There is no GPU device to lose: the lab runs on CPU.',
      },
    ]);
    expect(phases(events)).toEqual(['idle']);
    await engine.destroy();
  });
});
