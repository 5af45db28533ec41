// Recipe exports, file names and the weights file.
import { describe, expect, test } from 'vitest';
import { presetRecipe, PRESETS } from '../../../src/settings/presets';
import { defaultRecipe } from '../../../src/settings/schema';
import { decodeRecipe } from '../../../src/settings/url-codec';
import { fileName } from '../../../src/store/export/download';
import { recipeJson, recipeUrl } from '../../../src/store/export/recipe';
import { weightsFileName, weightsJson } from '../../../src/store/export/weights-file';
import type { WeightsEvent } from '../../../src/engine/export/weights-schema';
import { RECIPE } from '../history/fixtures';

describe('recipe exports', () => {
  test('the recipe link decodes back to the same recipe on the lab page', () => {
    const url = recipeUrl(RECIPE, 'https://lab.example/quantlab/?old=1#plots');
    expect(url.startsWith('https://lab.example/quantlab/?v=1&')).toBe(true);
    expect(url).not.toContain('#');
    const decoded = decodeRecipe(new URL(url).search);
    expect(decoded).toEqual({ recipe: RECIPE, problems: [] });
  });

  test('a preset recipe link names the preset', () => {
    const preset = PRESETS[1]!;
    expect(recipeUrl(presetRecipe(preset), 'http://localhost:5173/')).toContain(
      `preset=${preset.id}`,
    );
  });

  test('recipe JSON holds every setting and the query', () => {
    const file = JSON.parse(recipeJson(RECIPE, 'mine')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'quantlab-recipe', version: 1, name: 'mine' });
    expect(file.recipe).toEqual(RECIPE);
    expect(decodeRecipe(file.query as string).recipe).toEqual(RECIPE);
    expect(Object.keys(file.recipe as object)).toEqual(Object.keys(defaultRecipe()));
  });
});

describe('file names', () => {
  test('keep letters, digits, dot, dash and underscore only', () => {
    expect(fileName('KURE vs baseline at W4', '.csv')).toBe('KURE-vs-baseline-at-W4.csv');
    expect(fileName('../../etc/passwd', '.json')).toBe('etc-passwd.json');
    expect(fileName('Réglage «α»', '.json')).toBe('Reglage.json');
    expect(fileName('***', '.json')).toBe('quantlab-run.json');
    expect(fileName('x'.repeat(300), '.png')).toHaveLength(84);
  });
});

describe('weights file', () => {
  test('carries the tfjs weights and the integer layers, named after the run', () => {
    const event: WeightsEvent = {
      type: 'weights',
      step: 40,
      model: 'Small CNN',
      bits: 4,
      fp32: {
        weightSpecs: [{ name: 'conv1/kernel', shape: [1], dtype: 'float32' }],
        weightData: 'AAAAAA==',
      },
      quantized: { method: 'W4', layers: [] },
    };
    const file = JSON.parse(weightsJson(event, 'My run')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'quantlab-weights', name: 'My run', bits: 4, step: 40 });
    expect(file.fp32).toMatchObject({
      weightData: 'AAAAAA==',
      weightSpecs: event.fp32.weightSpecs,
    });
    expect(file.quantized).toEqual(event.quantized);
    expect(weightsFileName('My run', 4)).toBe('My-run-weights-w4.json');
  });
});
