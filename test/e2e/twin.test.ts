// A/B twin runs in the built app on WebGPU: the switch, both recipes in the link, two workers
// training side by side, B overlaid on the plots, the diff strip, and two stored runs compared.
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import {
  LONG_WAIT,
  UNTIL_SHOWN,
  collectErrors,
  useServedLab,
  waitForBackend,
  waitForPhase,
} from './harness';

const lab = useServedLab();

/** Three steps with a PTQ sweep at the end (min-max, fast), so the diff strip fills. */
const TINY = 'bs=16&every=1&eval=3&steps=3&test=100&ptqend=on&ptqr=min-max';

/**
 * Names of the traces Plotly draws in a chart, scrolled into view first: a plot out of view is not
 * redrawn (ui/charts/redraw-queue.ts), so poll these until the chart has drawn what is awaited.
 */
async function traceNames(page: Page, testId: string): Promise<string[]> {
  await page.getByTestId(testId).scrollIntoViewIfNeeded();
  return page.$eval(`[data-testid=${testId}]`, (el) =>
    ((el as HTMLElement & { data?: { name?: string }[] }).data ?? []).map((t) => t.name ?? ''),
  );
}

const waitForTwinPhase = (page: Page, phase: string) =>
  page.waitForFunction(
    (p) => document.querySelector('[data-testid=twin-status]')?.getAttribute('data-phase') === p,
    phase,
    LONG_WAIT,
  );

/** Every diff-strip cell's delta (percentage points), by label. */
const deltas = (page: Page) =>
  page.$$eval('[data-testid=twin-diff] [data-delta]', (cells) =>
    Object.fromEntries(
      cells.map((c) => [
        c.getAttribute('data-testid')!.replace('twin-diff-', ''),
        Number(c.getAttribute('data-delta')),
      ]),
    ),
  );

describe('A/B twin runs', () => {
  test('B = A with KURE on trains beside A, is overlaid, diffed, linked and compared from history', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${TINY}`);
    await waitForBackend(page);

    // Switch the twin on with the keyboard: float training, so B flips KURE.
    await page.getByLabel(/Train twin B beside A/).focus();
    await page.keyboard.press('Space');
    await page.waitForSelector('[data-testid=twin-override-kure]');
    await page.waitForFunction(() => /[?&]twin=1&b\.kure=on/.test(window.location.search));

    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    await waitForTwinPhase(page, 'finished');
    expect(await page.getAttribute('[data-testid=twin-status]', 'data-step')).toBe('3');

    // Every float plot overlays B; the loss terms show B's KURE term and not A's.
    await page.waitForFunction(
      () => document.querySelector('[data-testid=training-chart] .main-svg') !== null,
      null,
      LONG_WAIT,
    );
    await expect
      .poll(() => traceNames(page, 'training-chart'), UNTIL_SHOWN)
      .toEqual(expect.arrayContaining(['A · train loss', 'B · train loss']));
    const kureOf = (side: string) => (terms: string[]) =>
      terms.some((n) => n.startsWith(`${side} · `) && /kure/i.test(n));
    await expect
      .poll(() => traceNames(page, 'loss-terms-chart'), UNTIL_SHOWN)
      .toSatisfy(kureOf('B'));
    expect(kureOf('A')(await traceNames(page, 'loss-terms-chart'))).toBe(false);
    await expect
      .poll(() => traceNames(page, 'kurtosis-chart'), UNTIL_SHOWN)
      .toEqual(expect.arrayContaining([expect.stringMatching(/^B · /)]));

    // The diff strip: float and W2..W8 (float activations), each a finite B − A in percentage points.
    await page.waitForSelector('[data-testid=twin-diff-W8A32]', LONG_WAIT);
    const diff = await deltas(page);
    const widths = [2, 3, 4, 5, 6, 7, 8].map((bits) => `W${bits}A32`);
    expect(Object.keys(diff)).toEqual(['float', ...widths]);
    for (const value of Object.values(diff)) expect(Number.isFinite(value)).toBe(true);

    // The link holds both recipes: a reload keeps the twin and its difference.
    await page.reload();
    await waitForBackend(page);
    await page.waitForSelector('[data-testid=twin-override-kure]');
    expect(await page.getByLabel(/Train twin B beside A/).isChecked()).toBe(true);

    // Two stored runs as A and B: A's stored run, and a second one with another seed.
    await page.getByLabel(/Train twin B beside A/).uncheck();
    await page.getByLabel(/^Seed/).fill('2');
    await page.getByLabel(/^Seed/).press('Enter');
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    const rows = page.locator('[data-testid=run-history] [data-testid=run-row]');
    await page.waitForFunction(
      () =>
        document.querySelectorAll('[data-testid=run-history] [data-testid=run-row]').length === 2,
      null,
      LONG_WAIT,
    );
    await rows.nth(1).getByRole('checkbox').check();
    await rows.nth(0).getByRole('checkbox').check();
    await page.getByRole('button', { name: 'Compare A/B' }).click();
    await page.waitForSelector('[data-testid=twin-override-seed]');
    expect(await page.getByLabel(/Train twin B beside A/).isChecked()).toBe(true);
    await expect
      .poll(() => traceNames(page, 'training-chart'), UNTIL_SHOWN)
      .toEqual(expect.arrayContaining(['A · train loss', 'B · train loss']));
    await page.waitForSelector('[data-testid=twin-diff-W4A32]');
    expect(errors).toEqual([]);
  });
});
