// The PyTorch exporter refuses, by name, every setting its train.py would not reproduce.
import { describe, expect, test } from 'vitest';
import {
  TorchExportError,
  unsupportedSettings,
} from '../../../../src/engine/export/torch/unsupported';
import { trainScript } from '../../../../src/engine/export/torch/train-script';
import { defaultRecipe, type Recipe } from '../../../../src/settings/schema';

const exportable = (overrides: Partial<Recipe> = {}): Recipe => ({
  ...defaultRecipe(),
  ...overrides,
});

describe('unsupportedSettings', () => {
  test('nothing to refuse for MobileNet-tiny and ResNet-tiny, whatever their activation', () => {
    for (const model of ['mobilenet-tiny', 'resnet-tiny'] as const) {
      for (const activation of ['relu', 'relu6', 'swish'] as const) {
        expect(unsupportedSettings(exportable({ model, activation, kure: 'on' }))).toEqual([]);
      }
    }
  });

  test('nothing to refuse for BN re-estimation or quantized activations in the PTQ sweep', () => {
    for (const ptqActBits of ['8', '6', '4'] as const) {
      expect(unsupportedSettings(exportable({ ptqAtEnd: 'on', ptqActBits }))).toEqual([]);
    }
    expect(unsupportedSettings(exportable({ bnReestimate: 'on' }))).toEqual([]);
  });

  test('nothing to refuse for float pretraining, which starts fresh whatever init says', () => {
    expect(unsupportedSettings(exportable({ pretrainSteps: 100, r2: 'linf' }))).toEqual([]);
    expect(unsupportedSettings(exportable({ pretrainSteps: 100, init: 'previous' }))).toEqual([]);
  });

  test('nothing to refuse for the small CNN with R2 or KURE', () => {
    for (const r2 of ['off', 'linf', 'margin', 'soft-min-max'] as const) {
      expect(unsupportedSettings(exportable({ r2, kure: 'on' }))).toEqual([]);
    }
    expect(unsupportedSettings(exportable({ optimizer: 'momentum', lrSchedule: 'step' }))).toEqual(
      [],
    );
    // The weight-only PTQ sweep, every quantizer, on a cadence and at the end.
    const ptq = { ptqEvery: 50, ptqScheme: 'asymmetric', ptqRange: 'min-max', firstLast8: 'on' };
    expect(unsupportedSettings(exportable(ptq as Partial<Recipe>))).toEqual([]);
  });

  test.each<[string, Partial<Recipe>, RegExp]>([
    ['QAT and its oscillation tracking', { qat: 'lsq+' }, /QAT .*qat=lsq\+.*osc=on/],
    ['the previous run as start', { init: 'previous' }, /init=previous/],
  ])('names %s', (_, overrides, message) => {
    const problems = unsupportedSettings(exportable(overrides));
    expect(problems.join('; ')).toMatch(message);
  });

  test('trainScript throws before writing anything, naming each setting', () => {
    const recipe = exportable({ qat: 'lsq', init: 'previous' });
    expect(() => trainScript(recipe)).toThrowError(TorchExportError);
    expect(() => trainScript(recipe)).toThrowError(/init=previous.*qat=lsq/);
  });

  test('settings that only matter to refused techniques are not refused', () => {
    // QAT's bits and the oscillation knobs do nothing while QAT is off, PTQ's activations while
    // no sweep runs.
    const idle = { wBits: 2, dampening: 0, freezing: 'on', ptqAtEnd: 'off', ptqActBits: '4' };
    expect(unsupportedSettings(exportable(idle as Partial<Recipe>))).toEqual([]);
  });
});
