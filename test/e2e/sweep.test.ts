// Sweeps in the built app on the CPU backend with 2 workers: a small sweep finishes with error
// bars and seed dots, a reload keeps its results without training again, a worker crashed
// mid-sweep loses nothing, and bad input is named next to its part with Start disabled.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, collectErrors, LONG_WAIT, useServedLab, waitForBackend } from './harness';

const lab = useServedLab();

/** Tiny CPU runs: a few steps, tested at the end, no PTQ sweep. */
const tiny = (steps: number) =>
  `backend=cpu&bs=16&every=2&eval=${steps}&steps=${steps}&test=100&ptqend=off`;

const progress = (page: Page, name: 'status' | 'done' | 'total' | 'failed') =>
  page.getAttribute('[data-testid=sweep-progress]', `data-${name}`);

const waitForSweep = (page: Page, status: string) =>
  page.waitForFunction(
    (s) =>
      document.querySelector('[data-testid=sweep-progress]')?.getAttribute('data-status') === s,
    status,
    LONG_WAIT,
  );

async function startSweep(page: Page, workers: number): Promise<void> {
  await page.getByLabel('Workers').fill(String(workers));
  await page.getByRole('button', { name: 'Start sweep' }).click();
}

/** Each trace of the drawn sweep plot: its name, point count and error bar sizes. */
const drawnTraces = async (page: Page) => {
  const handle = await page.waitForFunction(() => {
    const plot = document.querySelector('[data-testid=sweep-chart]') as
      | (Element & { data?: { name: string; x?: unknown[]; error_y?: { array?: number[] } }[] })
      | null;
    if (!plot?.data?.length) return null;
    return plot.data.map((t) => ({
      name: t.name,
      n: t.x?.length ?? 0,
      errors: t.error_y?.array ?? null,
    }));
  });
  return (await handle.jsonValue()) ?? [];
};

describe('sweeps', () => {
  test('a small sweep finishes with error bars and seed dots, and a reload keeps it', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${tiny(4)}&sweep=lr:0.001,0.003&seeds=2&sm=test-acc`);
    await waitForBackend(page);
    expect(await page.getByLabel('Values to try').inputValue()).toBe('0.001, 0.003');
    await startSweep(page, 2);
    await waitForSweep(page, 'done');
    expect([await progress(page, 'done'), await progress(page, 'total')]).toEqual(['4', '4']);

    const traces = await drawnTraces(page);
    const mean = traces.find((t) => t.name.startsWith('Mean'));
    expect(mean?.n).toBe(2);
    expect(mean?.errors).toHaveLength(2);
    expect(traces.find((t) => t.name === 'Each seed')?.n).toBe(4);
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=sweep-chart] g.errorbar').length === 2,
    );
    expect(await page.locator('[data-testid=sweep-table] tbody tr').count()).toBe(2);
    await page.getByTestId('sweep-panel').screenshot({ path: `${ARTIFACTS}/sweep.png` });

    // The link holds the sweep; a reload restores it from IndexedDB, finished: nothing retrains.
    expect(new URL(page.url()).searchParams.get('sweep')).toBe('lr:0.001,0.003');
    await page.reload();
    await waitForSweep(page, 'done');
    expect(await progress(page, 'done')).toBe('4');
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=sweep-chart]')?.getAttribute('data-points') === '4',
    );
    expect(await page.getByRole('button', { name: /^Resume sweep/ }).isDisabled()).toBe(true);

    // A finished run opens as A: its stored events replay into the lab (4 steps).
    await page.getByRole('button', { name: 'Open as A' }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.getAttribute('data-step') === '4',
    );
    // Shift+click on a seed dot (Plotly's click event) opens that run as B beside the baseline.
    await page.evaluate(() => {
      const plot = document.querySelector('[data-testid=sweep-chart]') as Element & {
        data: { name: string; customdata: string[] }[];
        emit(name: string, event: unknown): void;
      };
      const seeds = plot.data.find((t) => t.name === 'Each seed')!;
      const point = { customdata: seeds.customdata[3] };
      plot.emit('plotly_click', { points: [point], event: { shiftKey: true } });
    });
    await page.waitForFunction(
      () => document.querySelector('[data-testid=twin-status]')?.getAttribute('data-step') === '4',
    );
    expect(errors).toEqual([]);
  });

  test('a sweep worker crashed mid-sweep loses nothing: every run still finishes', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${tiny(24)}&sweep=lr:0.002,0.004&seeds=2`);
    await waitForBackend(page);
    await startSweep(page, 2);
    // Once a run has finished, crash a worker that has the next one in flight.
    await page.waitForFunction(
      () =>
        Number(document.querySelector('[data-testid=sweep-progress]')?.getAttribute('data-done')) >=
        1,
      null,
      LONG_WAIT,
    );
    await page.waitForFunction(
      () =>
        (
          window as unknown as { quantlabDrills: { crashSweepWorker(): boolean } }
        ).quantlabDrills.crashSweepWorker(),
      null,
      LONG_WAIT,
    );
    await page.getByTestId('sweep-notice').waitFor(LONG_WAIT);
    expect(await page.getByTestId('sweep-notice').innerText()).toMatch(/crashed.*queued again/);
    await waitForSweep(page, 'done');
    expect([await progress(page, 'done'), await progress(page, 'failed')]).toEqual(['4', '0']);
    // The crash itself is the only console error (the worker's uncaught drill error).
    expect(errors.filter((e) => !/simulated worker crash/.test(e))).toEqual([]);
  });

  test('bad input: a bad link value is named and dropped, and >64 runs disable Start', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${tiny(4)}&sweep=lr:0.001,abc,99&seeds=zero`);
    const notices = page.getByTestId('notices');
    await notices.waitFor(LONG_WAIT);
    const text = (await notices.textContent()) ?? '';
    expect(text).toMatch(/Sweep: dropped values not allowed for Learning rate/);
    expect(text).toMatch(/seeds=/);
    // A usable default: the good value, the default seeds, Start enabled.
    expect(await page.getByLabel('Values to try').inputValue()).toBe('0.001');
    expect(await page.getByLabel('Number of seeds').inputValue()).toBe('3');
    const start = page.getByRole('button', { name: 'Start sweep' });
    expect(await start.isDisabled()).toBe(false);

    // 30 values × 3 seeds: the runs part says why, and Start waits for a fix.
    const values = Array.from({ length: 30 }, (_, i) => `${i + 1}e-4`).join(', ');
    await page.getByLabel('Values to try').fill(values);
    await page.getByTestId('sweep-problems-runs').waitFor();
    expect(await page.getByTestId('sweep-problems-runs').innerText()).toMatch(
      /^Runs: 30 values × 3 seeds = 90 runs; at most 64\./,
    );
    expect(await start.isDisabled()).toBe(true);
    await page.getByLabel('Number of seeds').fill('2');
    expect(await start.isDisabled()).toBe(false);

    // A value outside the knob's range is named in the values part.
    await page.getByLabel('Values to try').fill('0.001, 20');
    expect(await page.getByTestId('sweep-problems-values').innerText()).toMatch(/^Values: /);
    expect(await start.isDisabled()).toBe(true);
    // The link follows the form (its readable values).
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('sweep') === 'lr:0.001',
    );

    // A ready sweep sets recipe A and the form; the link holds both.
    await page.getByText('Ready sweeps').click();
    await page.locator('[data-sweep-preset=ptq-granularity]').click();
    await page.waitForFunction(() => /[?&]steps=300/.test(location.search));
    const query = new URL(page.url()).searchParams;
    expect(query.get('sweep')).toBe('ptqg:per-tensor,per-channel');
    expect(await page.getByLabel('Values to try').inputValue()).toBe('per-tensor, per-channel');
    expect(await start.isDisabled()).toBe(false);
    expect(errors).toEqual([]);
  });
});
