// The PyTorch exporter refuses, by name, every setting its train.py would not reproduce: only a
// start from the previous run's weights, which a link does not carry.
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

  test('nothing to refuse for the small CNN with R2, KURE, QAT or its oscillation knobs', () => {
    for (const r2 of ['off', 'linf', 'margin', 'soft-min-max'] as const) {
      expect(unsupportedSettings(exportable({ r2, kure: 'on' }))).toEqual([]);
    }
    expect(unsupportedSettings(exportable({ optimizer: 'momentum', lrSchedule: 'step' }))).toEqual(
      [],
    );
    // The weight-only PTQ sweep, every quantizer, on a cadence and at the end.
    const ptq = { ptqEvery: 50, ptqScheme: 'asymmetric', ptqRange: 'min-max', firstLast8: 'on' };
    expect(unsupportedSettings(exportable(ptq as Partial<Recipe>))).toEqual([]);
    // LSQ and LSQ+ (every configuration), tracking, dampening and freezing.
    for (const lsqPlusConfig of [
      'unsigned-symmetric',
      'signed-symmetric',
      'unsigned-asymmetric',
      'signed-asymmetric',
    ]) {
      const qat = { qat: 'lsq+', aBits: '4', lsqPlusConfig, dampening: 0.1, freezing: 'on' };
      expect(unsupportedSettings(exportable(qat as Partial<Recipe>))).toEqual([]);
    }
    expect(unsupportedSettings(exportable({ qat: 'lsq', wBits: 2, firstLast8: 'on' }))).toEqual([]);
  });

  test('names the previous run as start', () => {
    expect(unsupportedSettings(exportable({ init: 'previous' })).join('; ')).toMatch(
      /init=previous \(.*\) is not exported yet; use scratch/,
    );
  });

  test('trainScript throws before writing anything, naming each setting', () => {
    const recipe = exportable({ qat: 'lsq', init: 'previous' });
    expect(() => trainScript(recipe)).toThrowError(TorchExportError);
    expect(() => trainScript(recipe)).toThrowError(/init=previous/);
  });

  test('QAT and oscillation on MobileNet-tiny and ResNet-tiny', () => {
    for (const model of ['mobilenet-tiny', 'resnet-tiny'] as const) {
      const qat = { model, qat: 'lsq+', aBits: '4', dampening: 0.1, freezing: 'on' };
      expect(unsupportedSettings(exportable(qat as Partial<Recipe>))).toEqual([]);
    }
  });
});
