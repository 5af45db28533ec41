import { describe, expect, test } from 'vitest';
import { decodeSettings, encodeSettings } from '../../src/settings/url-codec';
import { SETTINGS, defaultSettings, type Settings } from '../../src/settings/schema';

describe('URL codec', () => {
  test('defaults encode to the version alone', () => {
    expect(encodeSettings(defaultSettings())).toBe('v=1');
  });

  test('decode(encode(s)) equals s', () => {
    const s: Settings = {
      ...defaultSettings(),
      dataset: 'fashion-mnist',
      backend: 'webgl',
      optimizer: 'momentum',
      learningRate: 0.0125,
      batchSize: 32,
      steps: 250,
      seed: 7,
      metricsEvery: 5,
      evalEvery: 50,
      testExamples: 500,
    };
    expect(decodeSettings(encodeSettings(s))).toEqual({ settings: s, problems: [] });
  });

  test('an empty query gives the defaults without problems', () => {
    expect(decodeSettings('')).toEqual({ settings: defaultSettings(), problems: [] });
  });

  test('out-of-range numbers are clamped and reported', () => {
    const { settings, problems } = decodeSettings('bs=100000&lr=-1');
    expect(settings.batchSize).toBe(SETTINGS.batchSize.max);
    expect(settings.learningRate).toBe(SETTINGS.learningRate.min);
    expect(problems).toHaveLength(2);
    expect(problems.join(' ')).toMatch(/Learning rate.*Batch size/);
  });

  test('non-integers are rounded where the setting is whole', () => {
    expect(decodeSettings('bs=31.6').settings.batchSize).toBe(32);
  });

  test('garbage falls back to defaults with a message, and unknown keys are ignored', () => {
    const { settings, problems } = decodeSettings('bs=abc&data=cifar&lr=&zzz=1&steps=Infinity');
    expect(settings).toEqual(defaultSettings());
    expect(problems.join(' ')).toMatch(/Batch size.*not a number/);
    expect(problems.join(' ')).toMatch(/Data set.*not one of mnist, fashion-mnist/);
    expect(problems).toHaveLength(4);
  });

  test('markup in a value is quoted back as text, never interpreted', () => {
    const { problems } = decodeSettings('data=%3Cimg%20src%3Dx%3E');
    expect(problems[0]).toContain('"<img src=x>"');
  });

  test('an unknown version is reported and the settings still decode', () => {
    const { settings, problems } = decodeSettings('v=9&bs=16');
    expect(settings.batchSize).toBe(16);
    expect(problems[0]).toMatch(/v=9/);
  });
});
