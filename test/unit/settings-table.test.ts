import { describe, expect, expectTypeOf, test } from 'vitest';
import { MAX_BITS, MIN_BITS } from '../../src/core/quant/bits';
import { SETTINGS, defaultRecipe, type Recipe } from '../../src/settings/schema';

describe('settings table built with helpers', () => {
  test('Recipe keeps the literal option values (checked by tsc)', () => {
    expectTypeOf<Recipe['qat']>().toEqualTypeOf<'off' | 'lsq' | 'lsq+'>();
    expectTypeOf<Recipe['aBits']>().toEqualTypeOf<'float' | '8' | '6' | '5' | '4' | '3' | '2'>();
    expectTypeOf<Recipe['ptqActBits']>().toEqualTypeOf<'float' | '8' | '6' | '4'>();
    expectTypeOf<Recipe['kure']>().toEqualTypeOf<'off' | 'on'>();
    expectTypeOf<Recipe['wBits']>().toEqualTypeOf<number>();
  });

  test('a whole-number setting is spelled out in full', () => {
    expect(SETTINGS.testExamples).toStrictEqual({
      kind: 'number',
      param: 'test',
      group: 'metrics',
      label: 'Test images evaluated',
      default: 2000,
      min: 100,
      max: 10_000,
      step: 100,
      integer: true,
      unit: 'images',
    });
    expect(SETTINGS.batchSize).toStrictEqual({
      kind: 'number',
      param: 'bs',
      group: 'training',
      label: 'Batch size',
      default: 64,
      min: 1,
      max: 512,
      step: 1,
      integer: true,
    });
  });

  test('a fractional setting has no integer flag', () => {
    expect(SETTINGS.learningRate).toStrictEqual({
      kind: 'number',
      param: 'lr',
      group: 'training',
      label: 'Learning rate',
      default: 0.01,
      min: 1e-5,
      max: 10,
      step: 1e-5,
      log: true,
    });
  });

  test('bit-width settings span the lab bit range, 2..8', () => {
    for (const spec of [SETTINGS.wBits, SETTINGS.histBits]) {
      expect([spec.min, spec.max]).toEqual([2, 8]);
      expect([spec.min, spec.max]).toEqual([MIN_BITS, MAX_BITS]);
      expect(spec).toMatchObject({ default: 4, step: 1, integer: true, unit: 'bits' });
    }
    expect(SETTINGS.wBits.param).toBe('wb');
    expect(SETTINGS.histBits).toMatchObject({ param: 'hb', group: 'metrics' });
  });

  test('activation-bit options keep their values, labels and order', () => {
    expect(SETTINGS.aBits.options).toEqual([
      { value: 'float', label: 'Float (A32)' },
      { value: '8', label: '8' },
      { value: '6', label: '6' },
      { value: '5', label: '5' },
      { value: '4', label: '4' },
      { value: '3', label: '3' },
      { value: '2', label: '2' },
    ]);
    expect(SETTINGS.ptqActBits.options).toEqual([
      { value: 'float', label: 'Float (A32)' },
      { value: '8', label: '8 bit' },
      { value: '6', label: '6 bit' },
      { value: '4', label: '4 bit' },
    ]);
    expect(SETTINGS.aBits).toMatchObject({ param: 'ab', group: 'qat', default: 'float' });
    expect(SETTINGS.ptqActBits).toMatchObject({ param: 'ptqa', group: 'ptq', default: 'float' });
  });

  test('switches are off/on with their own defaults', () => {
    const onOff = [
      { value: 'off', label: 'Off' },
      { value: 'on', label: 'On' },
    ];
    expect(SETTINGS.kure).toStrictEqual({
      kind: 'enum',
      param: 'kure',
      group: 'regularizers',
      label: 'KURE kurtosis loss',
      default: 'off',
      options: onOff,
    });
    const defaults = defaultRecipe();
    expect([defaults.trackOscillations, defaults.ptqAtEnd]).toEqual(['on', 'on']);
    expect([defaults.freezing, defaults.bnReestimate, defaults.firstLast8]).toEqual([
      'off',
      'off',
      'off',
    ]);
    for (const key of ['trackOscillations', 'freezing', 'bnReestimate', 'ptqAtEnd'] as const) {
      expect(SETTINGS[key].options).toEqual(onOff);
    }
  });
});
