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
  test('nothing to refuse for the small CNN with R2, KURE or QAT and its oscillation knobs', () => {
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

  test.each<[string, Partial<Recipe>, RegExp]>([
    ['quantized activations in the PTQ sweep', { ptqAtEnd: 'on', ptqActBits: '8' }, /ptqa=8/],
    ['BN re-estimation', { bnReestimate: 'on' }, /bnre=on/],
    ['another model', { model: 'resnet-tiny' }, /model=resnet-tiny \(Model\)/],
    ['float pretraining', { pretrainSteps: 100 }, /pre=100/],
    ['the previous run as start', { init: 'previous' }, /init=previous/],
  ])('names %s', (_, overrides, message) => {
    const problems = unsupportedSettings(exportable(overrides));
    expect(problems.join('; ')).toMatch(message);
  });

  test('trainScript throws before writing anything, naming each setting', () => {
    const recipe = exportable({ qat: 'lsq', model: 'mobilenet-tiny' });
    expect(() => trainScript(recipe)).toThrowError(TorchExportError);
    expect(() => trainScript(recipe)).toThrowError(/model=mobilenet-tiny/);
  });

  test('settings that only matter to refused techniques are not refused', () => {
    // QAT's bits and the oscillation knobs do nothing while QAT is off, PTQ's activations while
    // no sweep runs.
    const idle = { wBits: 2, dampening: 0, freezing: 'on', ptqAtEnd: 'off', ptqActBits: '4' };
    expect(unsupportedSettings(exportable(idle as Partial<Recipe>))).toEqual([]);
  });
});
