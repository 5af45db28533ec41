// Faults in the built app: the WebGPU device lost mid-run, the worker crashing, and a soak with
// every training technique on whose live tensor count must stay flat.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  LONG_WAIT,
  chartPoints,
  expectPlotsFilled,
  collectErrors,
  useServedLab,
  waitForBackend,
  waitForPhase,
} from './harness';

const lab = useServedLab();

/** The plots the soak's recipe (R2 Margin, KURE, LSQ+ W3A4, dampening, freezing) fills. */
const SOAK_PLOTS = [
  'training-chart',
  'loss-terms-chart',
  'kurtosis-chart',
  'histogram-chart',
  'oscillation-chart',
  'weight-raster',
  'quant-params-chart',
];

/** Call one of the page's fault drills (see src/main.tsx). */
const drill = (page: Page, name: 'loseDevice' | 'crashWorker') =>
  page.evaluate((n) => {
    const drills = (window as unknown as { quantlabDrills: Record<string, () => void> })
      .quantlabDrills;
    drills[n]!();
  }, name);

const status = (page: Page, name: string) =>
  page.getAttribute('[data-testid=status]', `data-${name}`);

const waitForStep = (page: Page, step: number) =>
  page.waitForFunction(
    (n) => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-step')) >= n,
    step,
    LONG_WAIT,
  );

describe('robustness', () => {
  test('a WebGPU device lost mid-run falls back, keeps recipe and metrics, and trains again', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(
      `${lab.server.url}?backend=webgpu&bs=16&every=1&eval=1000&steps=200&test=100&ptqend=off`,
    );
    await waitForBackend(page);
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe('webgpu');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForStep(page, 2);
    const url = page.url();

    await drill(page, 'loseDevice');
    await waitForPhase(page, 'failed');
    const banner = page.getByTestId('error-banner');
    expect(await banner.getAttribute('data-kind')).toBe('backend');
    expect(await banner.innerText()).toMatch(
      /GPU device was lost at step \d+.*recipe and the metrics/s,
    );
    const fallback = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
    expect(['webgl', 'cpu']).toContain(fallback);
    expect(await chartPoints(page, 'training-chart')).toBeGreaterThanOrEqual(2); // metrics kept
    expect(page.url()).toBe(url); // recipe kept

    // One step on the new backend: a fresh run trains there.
    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.getAttribute('data-step') === '1',
      null,
      LONG_WAIT,
    );
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe(fallback);
    expect(errors).toEqual([]);
  });

  test('a crashed worker is reported and restarts with the metrics kept', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?bs=16&every=1&eval=3&steps=3&test=100&ptqend=off`);
    await waitForBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    const points = await chartPoints(page, 'training-chart');

    await drill(page, 'crashWorker');
    const banner = page.getByTestId('error-banner');
    await banner.waitFor(LONG_WAIT);
    expect(await banner.getAttribute('data-kind')).toBe('internal');
    expect(await banner.innerText()).toMatch(/worker crashed/);
    expect(await status(page, 'phase')).toBe('failed');

    await page.getByRole('button', { name: 'Restart the engine' }).click();
    await banner.waitFor({ state: 'detached' });
    expect(await chartPoints(page, 'training-chart')).toBe(points);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    expect(await status(page, 'step')).toBe('3');
    // The crash itself is the only console error (the worker's uncaught drill error).
    expect(errors.filter((e) => !/simulated worker crash/.test(e))).toEqual([]);
  });

  test('soak: with every training technique on, the live tensor count stays flat on WebGPU', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    // PTQ sweeps are soaked in Node (test/integration/soak.test.ts); on SwiftShader they cost minutes.
    const everything = [
      'backend=webgpu&bs=4&steps=24&every=4&eval=12&test=100&ptqend=off',
      'r2=margin&kure=on&qat=lsq%2B&wb=3&ab=4&damp=1&freeze=on&oscs=0.15&sched=cosine&warmup=5',
    ].join('&');
    await page.goto(`${lab.server.url}?${everything}`);
    await waitForBackend(page);
    expect(await page.locator('[data-testid=notices]').count()).toBe(0); // every value accepted
    await page.getByRole('button', { name: 'Start', exact: true }).click();

    // Sample the count at the metrics reads the status shows (every 4 steps, and the lab's live
    // train-metrics reads between them) once dampening and freezing have started (15 % of the
    // steps: step 4). Within a 4-step window the weight trace keeps one row per step until the
    // window's read, so counts are compared between windows at the same step of the window.
    const samples = new Map<number, number>();
    while ((await status(page, 'phase')) !== 'finished') {
      const [step, tensors] = await page.evaluate(() => {
        const el = document.querySelector('[data-testid=status]');
        return [Number(el?.getAttribute('data-step')), el?.getAttribute('data-tensors')] as const;
      });
      if (tensors && step > 4) samples.set(step, Number(tensors));
      expect(await status(page, 'phase')).not.toBe('failed');
      await page.waitForTimeout(250);
    }
    const byPlace = new Map<number, Set<number>>();
    for (const [step, n] of samples)
      byPlace.set(step % 4, (byPlace.get(step % 4) ?? new Set()).add(n));
    expect(samples.size).toBeGreaterThanOrEqual(5);
    // Not one tensor more or less from window to window, at each place in the window.
    for (const counts of byPlace.values()) expect(counts.size).toBe(1);
    expect(Math.max(...[...samples.keys()]) - Math.min(...[...samples.keys()])).toBeGreaterThan(8);
    // Each technique's plot was filled on WebGPU (the presets test trains only one preset live).
    await expectPlotsFilled(page, SOAK_PLOTS);
    expect(errors).toEqual([]);
  });
});
