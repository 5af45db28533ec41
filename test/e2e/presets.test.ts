import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { PRESETS, findPreset, presetRecipe, type Preset } from '../../src/settings/presets';
import { SETTINGS, type SettingKey, type Recipe } from '../../src/settings/schema';
import { encodeRecipe } from '../../src/settings/url-codec';
import { presetLink } from '../../src/settings/view-codec';
import {
  ARTIFACTS,
  LONG_WAIT,
  expectPlotsFilled,
  collectErrors,
  waitForBackend,
  waitForPhase,
  useServedLab,
} from './harness';
import { outsideViewport, overlappingText } from './layout-checks';

/** The screen a lecturer projects: every demo must fit it without scrolling. */
const LECTURE_SCREEN = { width: 1366, height: 768 };

/**
 * The preset trained live here (a few steps on SwiftShader WebGPU): the two-stage MobileNet-tiny
 * fine-tune with Swish and LSQ+ on weights and activations, the path no other browser test takes.
 * R2 Margin, KURE, oscillation tracking, dampening and freezing train on WebGPU in the soak
 * (robustness.test.ts), which checks their plots too. Every preset's full run is its recording,
 * made by the same engine in Node and checked against it by test/integration/recordings.test.ts.
 */
const TRAINED_LIVE = ['lsq-plus-swish-w4a4'];

/**
 * What each preset run is cut down to on SwiftShader WebGPU (about a second per small step):
 * three steps, every read on, a small test set, a min-max PTQ sweep at the end.
 */
const SHORT: Partial<Recipe> = {
  backend: 'webgpu', // forced: 'auto' passes over this machine's software adapter
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

/**
 * The value a setting's control shows, found by the start of its visible label: 'Steps (1–100000)'
 * for 'Steps', never 'Warm-up (0–10000 steps…)'.
 */
const controlValue = (page: Page, key: SettingKey) => {
  const label = SETTINGS[key].label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page
    .getByLabel(new RegExp(`^${label}(\\s|$)`))
    .first()
    .inputValue();
};

describe.each(PRESETS.map((p) => [p.id, p] as [string, Preset]))('demo %s', (id, preset) => {
  test('its link shows story, plots and recorded payoff on one screen, no text overlapping', async () => {
    const page = await lab.browser.newPage({ viewport: LECTURE_SCREEN });
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${presetLink(preset)}`);
    await page.locator(`[data-testid=demo-view][data-preset=${id}]`).waitFor(LONG_WAIT);
    expect(await page.getByTestId('demo-story').textContent()).toBe(preset.demo.story);
    await page.locator('[data-testid=recording-label][data-shown=true]').waitFor(LONG_WAIT);
    const payoff = page.locator(`[data-plot=${preset.demo.plots[0]}] [data-points]`).first();
    await page.waitForFunction(
      (el) => Number(el?.getAttribute('data-points')) > 0,
      await payoff.elementHandle(),
      LONG_WAIT,
    );
    await page.waitForTimeout(500); // the redraw queue draws one plot per frame
    expect(await outsideViewport(page, '[data-plot]')).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      LECTURE_SCREEN.height,
    );
    expect(await overlappingText(page, '[data-testid=demo-view]')).toEqual([]);
    await page.screenshot({ path: `${ARTIFACTS}/preset-${id}.png` });
    expect(errors).toEqual([]);
    await page.close();
  });
});

test("every preset's link shows its values in the controls", async () => {
  const page = await lab.browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = collectErrors(page);
  for (const preset of PRESETS) {
    const recipe = presetRecipe(preset);
    await page.goto(`${lab.server.url}?${encodeRecipe(recipe)}`);
    await waitForBackend(page);
    for (const key of Object.keys(preset.overrides) as SettingKey[]) {
      expect(await controlValue(page, key), `${preset.id}: ${key}`).toBe(String(recipe[key]));
    }
  }
  expect(errors).toEqual([]);
  await page.close();
});

describe.each(TRAINED_LIVE.map((id) => [id, findPreset(id)!] as const))(
  'preset %s',
  (id, preset) => {
    test('trains a few steps on WebGPU and fills its plots', async () => {
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
      await expectPlotsFilled(page, expectedPlots(recipe));
      await page.screenshot({ path: `${ARTIFACTS}/trained-${id}.png`, fullPage: true });
      expect(errors).toEqual([]);
      await page.close();
    });
  },
);
