import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { PRESETS, presetRecipe, type Preset } from '../../src/settings/presets';
import { SETTINGS, type SettingKey, type Recipe } from '../../src/settings/schema';
import { encodeRecipe } from '../../src/settings/url-codec';
import {
  ARTIFACTS,
  LONG_WAIT,
  chartPoints,
  collectErrors,
  waitForBackend,
  waitForPhase,
  useServedLab,
} from './harness';

/**
 * What each preset run is cut down to on SwiftShader WebGPU (about a second per small step):
 * three steps, every read on, a small test set, a min-max PTQ sweep at the end.
 */
const SHORT: Partial<Recipe> = {
  batchSize: 16,
  steps: 3,
  metricsEvery: 1,
  evalEvery: 3,
  testExamples: 100,
  ptqAtEnd: 'on',
  ptqRange: 'min-max',
  bnReestimate: 'off',
};

/** The plots a recipe should fill within three steps. */
function expectedPlots(s: Recipe): string[] {
  const plots = [
    'training-chart',
    'loss-terms-chart',
    'kurtosis-chart',
    'histogram-chart',
    'ptq-chart',
  ];
  const tracked = s.qat !== 'off' && (s.trackOscillations === 'on' || s.freezing === 'on');
  if (tracked) plots.push('oscillation-chart', 'weight-raster');
  if (s.qat !== 'off' || s.r2 === 'margin' || s.r2 === 'soft-min-max')
    plots.push('quant-params-chart');
  return plots;
}

const lab = useServedLab();

/** The value a setting's control shows, found by its visible label. */
const controlValue = (page: Page, key: SettingKey) =>
  page.getByLabel(SETTINGS[key].label, { exact: false }).first().inputValue();

describe.each(PRESETS.map((p) => [p.id, p] as [string, Preset]))('preset %s', (id, preset) => {
  test('opens by its link, shows its values, trains a few steps and fills its plots', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = collectErrors(page);
    const full = presetRecipe(preset);
    // A two-stage preset keeps both stages, its float pretraining cut to two steps.
    const recipe = { ...full, ...SHORT, pretrainSteps: Math.min(full.pretrainSteps, 2) };
    await page.goto(`${lab.server.url}?${encodeRecipe(recipe)}`);
    await waitForBackend(page);
    expect(await page.getAttribute('[data-testid=backend-badge]', 'data-backend')).toBe('webgpu');
    for (const key of Object.keys(preset.overrides) as SettingKey[]) {
      if (key in SHORT) continue;
      expect(await controlValue(page, key), key).toBe(String(recipe[key]));
    }
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    for (const plot of expectedPlots(recipe)) {
      await page.waitForFunction(
        (t) =>
          Number(document.querySelector(`[data-testid=${t}]`)?.getAttribute('data-points')) > 0,
        plot,
        LONG_WAIT,
      );
      expect(await chartPoints(page, plot), plot).toBeGreaterThan(0);
    }
    await page.screenshot({ path: `${ARTIFACTS}/preset-${id}.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });
});
