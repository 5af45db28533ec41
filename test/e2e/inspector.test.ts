import { describe, expect, test } from 'vitest';
import { ARTIFACTS, collectErrors, useServedLab, waitForBackend, waitForPhase } from './harness';

const lab = useServedLab();

/** A short CPU run with one test evaluation at its end (the inspector fills then). */
const SHORT = 'backend=cpu&bs=16&every=1&eval=4&steps=4&test=100&ptqend=off';

describe('the layer inspector', () => {
  test('opened from its layer list: SQNR table, outliers and channel ranges; the link keeps the layer', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${SHORT}&inspect=conv2`);
    await waitForBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
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

  test('a layer the model lacks: a notice, and the first layer is shown', async () => {
    const page = await lab.browser.newPage();
    await page.goto(`${lab.server.url}?${SHORT}&inspect=conv9`);
    await waitForBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    await expect
      .poll(() => page.getByTestId('layer-inspector').textContent())
      .toContain('This model has no layer conv9; showing conv1.');
    await page.close();
  });
});
