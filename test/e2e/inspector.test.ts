import { describe, expect, test } from 'vitest';
import {
  ARTIFACTS,
  UNTIL_SHOWN,
  collectErrors,
  useServedLab,
  waitForBackend,
  waitForPhase,
} from './harness';

const lab = useServedLab();

/** A short CPU run with one test evaluation at its end (the inspector fills then). */
const SHORT = 'backend=cpu&bs=16&every=1&eval=4&steps=4&test=100&ptqend=off';

/** Six CPU steps with a test evaluation every second one: a histogram timeline of 4 snapshots. */
const TIMELINE = 'backend=cpu&bs=16&every=1&eval=2&steps=6&test=100&ptqend=off';

/** A new page on the lab at `query`, trained to its end; errors on the page are collected. */
async function trained(query: string, viewport?: { width: number; height: number }) {
  const page = await lab.browser.newPage(viewport ? { viewport } : {});
  const errors = collectErrors(page);
  await page.goto(`${lab.server.url}?${query}`);
  await waitForBackend(page);
  await page.getByRole('button', { name: 'Start', exact: true }).click();
  await waitForPhase(page, 'finished');
  return { page, errors };
}

describe('the layer inspector', () => {
  test('opened from its layer list: SQNR table, outliers and channel ranges; the link keeps the layer', async () => {
    const { page, errors } = await trained(`${SHORT}&inspect=conv2`);
    const inspector = page.getByTestId('layer-inspector');
    // The link named a layer, so the panel is open at it.
    await inspector.getByTestId('sqnr-table').waitFor();
    expect(await inspector.getByTestId('outlier-table').locator('caption').textContent()).toMatch(
      /^Largest weights of conv2 \(kernel \[3, 3, 8, 16\]/,
    );
    const rows = await inspector.getByTestId('sqnr-table').locator('tbody tr').count();
    expect(rows).toBe(3); // conv1, conv2, dense
    expect(Number(await page.getByTestId('inspector-channels').getAttribute('data-points'))).toBe(
      16,
    );
    await inspector.getByRole('button', { name: 'conv1', exact: true }).click();
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('inspect') === 'conv1',
    );
    expect(await inspector.getByTestId('outlier-table').locator('caption').textContent()).toMatch(
      /^Largest weights of conv1/,
    );
    await inspector.getByLabel('Weight bits of the SQNR table').selectOption('2');
    await inspector.screenshot({ path: `${ARTIFACTS}/inspector.png` });
    await page.reload();
    await waitForBackend(page);
    expect(new URL(page.url()).searchParams.get('inspect')).toBe('conv1');
    expect(await page.locator('details.inspector-panel').getAttribute('open')).not.toBeNull();
    expect(errors).toEqual([]);
    await page.close();
  });

  test('opened from a legend click: scrub the histogram to a step, the link carries it, a reload and the stored run restore it', async () => {
    // Evaluations at steps 2, 4 and 6, after the starting weights' histograms at step 0.
    const { page, errors } = await trained(TIMELINE);
    // A click on conv2's legend entry in the kurtosis chart opens it in the inspector.
    const kurtosis = page.getByTestId('kurtosis-chart');
    await kurtosis.scrollIntoViewIfNeeded(); // plots out of view are drawn when they come near
    await page.waitForFunction(
      () => document.querySelectorAll('[data-testid=kurtosis-chart] g.legend g.traces').length > 0,
    );
    await kurtosis.locator('g.traces', { hasText: 'conv2' }).locator('rect.legendtoggle').click();
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('inspect') === 'conv2',
    );
    expect(await page.locator('details.inspector-panel').getAttribute('open')).not.toBeNull();
    const timeline = page.getByTestId('histogram-timeline-a');
    expect(await timeline.textContent()).toContain('4 snapshots, steps 0–6');
    const slider = timeline.getByRole('slider');
    await slider.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('ArrowRight'); // step 2
    await page.waitForFunction(() => new URL(location.href).searchParams.get('at') === '2');
    expect(await slider.getAttribute('aria-valuetext')).toBe('step 2');
    await timeline.screenshot({ path: `${ARTIFACTS}/inspector-timeline.png` });

    // Reload: the link keeps layer and step; opening the stored run shows that step again.
    await page.reload();
    await waitForBackend(page);
    const url = new URL(page.url());
    expect([url.searchParams.get('inspect'), url.searchParams.get('at')]).toEqual(['conv2', '2']);
    await page
      .locator('[data-testid=run-history] [data-testid=run-row]')
      .first()
      .getByRole('button', { name: /^Open/ })
      .click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('histogram-timeline-a')
            .getByRole('slider')
            .getAttribute('aria-valuetext'),
        UNTIL_SHOWN,
      )
      .toBe('step 2');

    // A step beyond the run: a notice and the last step.
    await page.goto(`${lab.server.url}?${TIMELINE}&inspect=conv2&at=900`);
    await page
      .locator('[data-testid=run-history] [data-testid=run-row]')
      .first()
      .getByRole('button', { name: /^Open/ })
      .click();
    await expect
      .poll(() => page.getByTestId('timeline-notice').textContent(), UNTIL_SHOWN)
      .toBe("No histogram at step 900 (this run's histograms end at step 6); showing step 6.");
    expect(errors).toEqual([]);
    await page.close();
  });

  test('per-layer sensitivity on demand: a bar per layer, a mixed-precision hint, applied as a PTQ sweep', async () => {
    const { page, errors } = await trained(`${SHORT}&inspect=conv1`);
    // The panel was open when the run finished: the sensitivity at W4 was measured then.
    await expect
      .poll(
        () => page.getByTestId('inspector-sensitivity').getAttribute('data-points'),
        UNTIL_SHOWN,
      )
      .toBe('3');
    expect(await page.getByTestId('sensitivity-caption').textContent()).toMatch(
      /^Step 4, W4, on 100 test images/,
    );
    await page.getByRole('combobox', { name: 'Weight bits', exact: true }).selectOption('2');
    await page.getByRole('button', { name: 'Measure sensitivity' }).click();
    await expect
      .poll(() => page.getByTestId('sensitivity-caption').textContent(), UNTIL_SHOWN)
      .toMatch(/^Step 4, W2, on 100 test images/);
    // The progress line of the measurement is gone with its result.
    expect(await page.getByTestId('sensitivity-progress').count()).toBe(0);
    // A zero budget keeps every layer that loses accuracy alone; apply it if there is one.
    await page.getByRole('spinbutton', { name: 'Accuracy budget (pp)' }).fill('0');
    const hint = await page.getByTestId('sensitivity-hint').textContent();
    const apply = page.getByRole('button', { name: 'Apply to the PTQ sweep' });
    if (hint?.includes('at 8 bit:')) {
      await apply.click();
      // The sweep with the hint's layers at 8 bit names them in its method.
      await expect
        .poll(() => page.getByTestId('ptq-table').locator('caption').textContent(), UNTIL_SHOWN)
        .toMatch(/kept at 8 bit/);
    } else {
      expect(await apply.isDisabled()).toBe(true);
    }
    await page
      .getByTestId('layer-inspector')
      .screenshot({ path: `${ARTIFACTS}/inspector-sensitivity.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('with the twin on, A and B sit side by side for the same layer', async () => {
    const { page, errors } = await trained(`${SHORT}&inspect=conv2&twin=1&b.r2=linf&b.r2w=0.1`, {
      width: 1400,
      height: 1000,
    });
    for (const slot of ['a', 'b']) {
      const column = page.getByTestId(slot === 'a' ? 'inspector-column' : 'inspector-column-b');
      await expect
        .poll(() => column.locator('h3').textContent(), UNTIL_SHOWN)
        .toBe(slot.toUpperCase());
      await expect
        .poll(
          () => column.getByTestId('outlier-table').locator('caption').textContent(),
          UNTIL_SHOWN,
        )
        .toMatch(/^Largest weights of conv2/);
      expect(await column.getByRole('slider').getAttribute('aria-valuetext')).toBe('step 4');
    }
    // The SQNR table reads "A / B" in every cell.
    const table = page.getByTestId('sqnr-table');
    expect(await table.locator('caption').textContent()).toMatch(
      /^SQNR at step 4 \(A \/ B, B at step 4\)/,
    );
    expect(await table.locator('tbody td').first().textContent()).toMatch(
      /^[\d.∞–-]+ \/ [\d.∞–-]+$/,
    );
    await page
      .locator('details.inspector-panel')
      .screenshot({ path: `${ARTIFACTS}/inspector-twin.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  test('a layer the model lacks: a notice, and the first layer is shown', async () => {
    const { page } = await trained(`${SHORT}&inspect=conv9`);
    await expect
      .poll(() => page.getByTestId('layer-inspector').textContent(), UNTIL_SHOWN)
      .toContain('This model has no layer conv9; showing conv1.');
    await page.close();
  });
});
