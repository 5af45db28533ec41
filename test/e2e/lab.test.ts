import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import {
  ARTIFACTS,
  LONG_WAIT,
  collectErrors,
  launch,
  serveDist,
  waitForBackend as badgeBackend,
  waitForPhase,
} from './harness';

/** A tiny recipe: SwiftShader WebGPU runs about one batch-16 step per second here. */
const TINY = 'bs=16&every=1&eval=3&steps=3&test=100&ptqend=off&ptqr=min-max';
/** WebGPU forced: 'auto' passes over this machine's software adapter. */
const ON_WEBGPU = `backend=webgpu&${TINY}`;

let server: Awaited<ReturnType<typeof serveDist>>;
beforeAll(async () => {
  server = await serveDist();
});
afterAll(async () => {
  await server?.close();
});

/** Number of x values in each Plotly trace of the training chart, read from Plotly's own data. */
const plottedPoints = (page: Page) =>
  page.$eval('[data-testid=training-chart]', (el) =>
    ((el as HTMLElement & { data?: { x: unknown[] }[] }).data ?? []).map((t) => t.x.length),
  );

describe('with WebGPU', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(true);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('auto passes over the software WebGPU adapter: CPU, says why, step 1 within 10 s', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}?${TINY}`);
    await badgeBackend(page);
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe('cpu');
    expect(await page.textContent('[data-testid=backend-badge]')).toMatch(
      /WebGPU and WebGL are software GPUs here \(SwiftShader\)/,
    );
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    // A loose bound for CI (the bench times it): SwiftShader WebGPU took over a minute.
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=status]')?.getAttribute('data-step')) >= 1,
      null,
      { timeout: 10_000 },
    );
    expect(errors).toEqual([]);
  });

  test('a speed trial times the software GPUs against CPU while idle; a reload goes by it', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}?${TINY}`);
    await badgeBackend(page);
    const trial = page.getByTestId('speed-trial');
    await expect
      .poll(() => trial.textContent(), { timeout: 60_000 })
      .toMatch(/^\s*Measured just now/);
    const cpuFaster =
      /CPU is faster than software WebGPU \(SwiftShader\) here, [\d,]+ (ms\/step vs no timed step within 5 s|vs [\d,]+ ms\/step in a 5 s trial)/;
    expect(await trial.textContent()).toMatch(cpuFaster);
    await page.reload();
    await badgeBackend(page);
    // The cached trial decides and the badge quotes it; no second trial runs.
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe('cpu');
    expect(await page.textContent('[data-testid=backend-badge]')).toMatch(cpuFaster);
    await page.waitForTimeout(4000);
    expect(await trial.count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  test('trains on the WebGPU backend when forced, streams metrics and plots them', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}?${ON_WEBGPU}`);
    await badgeBackend(page);
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe('webgpu');
    expect(await page.textContent('[data-testid=backend-badge]')).toContain('WebGPU');

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    expect(Number(await page.getAttribute('[data-testid=status]', 'data-step'))).toBe(3);
    await page.waitForFunction(
      () => document.querySelector('[data-testid=training-chart] .main-svg') !== null,
      null,
      LONG_WAIT,
    );
    const [trainLossPoints, testLossPoints] = await plottedPoints(page);
    expect(trainLossPoints).toBe(3);
    expect(testLossPoints).toBe(2); // the step-0 baseline and step 3
    expect(await page.$$eval('[data-testid=layer-stats] tbody tr', (rows) => rows.length)).toBe(3);
    const lossText = await page.textContent('[data-testid=status]');
    expect(lossText).toMatch(/Train loss\s*\d+\.\d+/);
    await page.screenshot({ path: `${ARTIFACTS}/webgpu-trained.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  test('R2 + KURE on MobileNet-tiny trains on WebGPU (tfjs-webgpu AddN binding limit regression)', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.goto(
      `${server.url}?backend=webgpu&model=mobilenet-tiny&r2=linf&kure=on&bs=16&every=1&eval=100&steps=3&test=100&ptqend=off`,
    );
    await badgeBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    expect(await page.getByTestId('error-banner').count()).toBe(0);
    expect(errors).toEqual([]);
  });

  test('a corrupt data asset shows a clear message and disables training', async () => {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    await page.route('**/data/mnist.qlds', (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/octet-stream',
        body: 'not a QuantLab data set, '.repeat(4),
      }),
    );
    await page.goto(`${server.url}?${TINY}`);
    const banner = page.getByTestId('error-banner');
    await banner.waitFor(LONG_WAIT);
    expect(await banner.getAttribute('data-kind')).toBe('data');
    expect(await banner.textContent()).toContain('bad magic');
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Retry loading', exact: true }).isVisible()).toBe(
      true,
    );
    await page.screenshot({ path: `${ARTIFACTS}/corrupt-data.png`, fullPage: true });
    expect(errors.filter((e) => !e.includes('Failed to load resource'))).toEqual([]);
  });
  test('settings that cannot train together disable Start and say why', async () => {
    const page = await browser.newPage();
    await page.goto(`${server.url}?freeze=on`);
    const problems = page.getByTestId('recipe-problems');
    await problems.waitFor(LONG_WAIT);
    expect(await problems.textContent()).toMatch(/turn on QAT/);
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('button', { name: 'Step', exact: true }).isDisabled()).toBe(true);
  });
});

describe('without WebGPU', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launch(false);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test('falls back to WebGL or CPU, says why, trains, and runs the PTQ sweep', async () => {
    const page = await browser.newPage();
    // One step, so the Step button also ends the run and the end-of-run PTQ sweep runs.
    await page.goto(`${server.url}?bs=16&every=1&steps=1&test=100&ptqr=min-max`);
    await badgeBackend(page);
    const backend = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
    expect(['webgl', 'cpu']).toContain(backend);
    expect(await page.textContent('[data-testid=backend-badge]')).toMatch(/WebGPU unavailable/);

    await page.getByRole('button', { name: 'Step', exact: true }).click();
    await waitForPhase(page, 'finished');
    expect(Number(await page.getAttribute('[data-testid=status]', 'data-step'))).toBe(1);
    const ptqHeaders = await page.$$eval('[data-testid=ptq-table] thead th', (ths) =>
      ths.map((th) => th.textContent),
    );
    const bits = [2, 3, 4, 5, 6, 7, 8].map((b) => `W${b}A32`);
    expect(ptqHeaders).toEqual(['Weights', ...bits, 'Float']);
    // Post-training actions reach the worker and come back.
    await page.getByRole('button', { name: 'Re-estimate BN statistics' }).click();
    const bn = page.getByTestId('bn-result');
    await bn.waitFor(LONG_WAIT);
    expect(await bn.textContent()).toMatch(/BN re-estimated on \d+ batches at step 1/);
    // Re-quantize the same weights per tensor, from the keyboard: a second curve joins the chart.
    const ptqPoints = () => page.getAttribute('[data-testid=ptq-chart]', 'data-points');
    expect(await ptqPoints()).toBe('14'); // the recipe's curve and its one sweep over steps
    await page.getByLabel('Granularity', { exact: true }).selectOption('per-tensor');
    await page.getByTestId('requantize').focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.querySelector('[data-testid=ptq-chart]')?.getAttribute('data-points') === '21',
      undefined,
      LONG_WAIT,
    );
    expect(await page.getByTestId('requantize').textContent()).toMatch(/per-tensor min-max/);
    await page.screenshot({ path: `${ARTIFACTS}/fallback-${backend}.png`, fullPage: true });
  });
});
