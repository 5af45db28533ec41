import { afterEach, describe, expect, test, vi } from 'vitest';
import { DatasetFormatError } from '../../../src/engine/data/dataset-format';
import {
  createFailureReport,
  errorMessage,
  LOSS_GRACE_MS,
  type FailureReportDeps,
} from '../../../src/engine/failure-report';
import { RecipeError } from '../../../src/engine/recipe-error';
import { recorder } from './engine-fakes';

function report(overrides: Partial<FailureReportDeps> = {}) {
  const { events, emit } = recorder();
  const deps: FailureReportDeps = {
    emit,
    lossPending: () => false,
    hasGpuDevice: () => false,
    hasRun: () => false,
    ...overrides,
  };
  return { events, reportFailure: createFailureReport(deps) };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('failure report: each failure maps to its error kind and phase', () => {
  test('a RecipeError is a rejection; the lab is idle without a run', async () => {
    const { events, reportFailure } = report();
    await reportFailure(new RecipeError('Histogram layer 9 does not exist.'));
    const message = 'Histogram layer 9 does not exist.';
    expect(events).toEqual([
      { type: 'error', kind: 'rejected', message },
      { type: 'phase', phase: 'idle', message },
    ]);
  });

  test('a RecipeError with a run leaves the lab paused on it', async () => {
    const { events, reportFailure } = report({ hasRun: () => true });
    await reportFailure(new RecipeError('bad layer'));
    expect(events.map((e) => e.type === 'phase' && e.phase)).toEqual([false, 'paused']);
  });

  test('a broken data asset is a data failure', async () => {
    const { events, reportFailure } = report({ hasRun: () => true });
    await reportFailure(new DatasetFormatError('bad magic'));
    expect(events).toEqual([
      { type: 'error', kind: 'data', message: expect.stringContaining('bad magic') },
      { type: 'phase', phase: 'failed', message: expect.stringContaining('bad magic') },
    ]);
  });

  test('anything else is an internal failure, also when it is not an Error', async () => {
    const { events, reportFailure } = report();
    await reportFailure(new TypeError('x is undefined'));
    await reportFailure('plain string');
    expect(events).toEqual([
      { type: 'error', kind: 'internal', message: 'x is undefined' },
      { type: 'phase', phase: 'failed', message: 'x is undefined' },
      { type: 'error', kind: 'internal', message: 'plain string' },
      { type: 'phase', phase: 'failed', message: 'plain string' },
    ]);
  });

  test('errorMessage reads an Error and stringifies the rest', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(42)).toBe('42');
  });
});

describe('failure report around a device loss', () => {
  test('stays quiet while a loss is being handled: the recovery reports it', async () => {
    const { events, reportFailure } = report({ lossPending: () => true, hasGpuDevice: () => true });
    await reportFailure(new Error('buffer mapping failed'));
    expect(events).toEqual([]);
  });

  test('on a GPU device, waits for a loss to show and stays quiet when it does', async () => {
    vi.useFakeTimers();
    let lost = false;
    const { events, reportFailure } = report({ lossPending: () => lost, hasGpuDevice: () => true });
    const done = reportFailure(new Error('buffer mapping failed'));
    await vi.advanceTimersByTimeAsync(500);
    lost = true;
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(events).toEqual([]);
  });

  test('on a GPU device with no loss, reports only after the grace period', async () => {
    vi.useFakeTimers();
    const { events, reportFailure } = report({ hasGpuDevice: () => true });
    let settled = false;
    const done = reportFailure(new Error('out of memory')).then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(LOSS_GRACE_MS - 100);
    expect(settled).toBe(false);
    expect(events).toEqual([]);
    await vi.advanceTimersByTimeAsync(100);
    await done;
    expect(events.map((e) => e.type)).toEqual(['error', 'phase']);
  });

  test('without a GPU device, reports at once', async () => {
    vi.useFakeTimers();
    const { events, reportFailure } = report();
    await reportFailure(new Error('out of memory')); // no timer advanced: it never waited
    expect(events).toHaveLength(2);
  });
});
