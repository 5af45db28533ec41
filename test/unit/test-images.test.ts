import { describe, expect, test } from 'vitest';
import {
  QUICK_TEST_IMAGES,
  SENSITIVITY_BUDGET_S,
  ptqImages,
  sensitivityImageCount,
} from '../../src/settings/test-images';
import { ptqImagesText } from '../../src/ui/charts/series/ptq';

describe('test images of a PTQ sweep', () => {
  test('on the cadence at most 500; at the end all the recipe asks for', () => {
    expect(QUICK_TEST_IMAGES).toBe(500);
    expect(ptqImages({ testExamples: 2000 }, false)).toBe(500);
    expect(ptqImages({ testExamples: 300 }, false)).toBe(300);
    expect(ptqImages({ testExamples: 2000 }, true)).toBe(2000);
  });

  test('the chart says how many and, for a subset, of how many', () => {
    expect(ptqImagesText(2000, 2000)).toBe('on 2,000 test images');
    expect(ptqImagesText(500, 2000)).toBe(
      'on 500 of 2,000 test images (the sweep at the end uses all)',
    );
  });
});

describe('test images of a per-layer sensitivity measurement', () => {
  test('all of them when the passes fit the time budget, else as many as fit, in hundreds', () => {
    expect(SENSITIVITY_BUDGET_S).toBe(20);
    expect(sensitivityImageCount(2000, 0.0005, 4)).toBe(2000); // 4 s
    // 12 passes of 1 ms per image: 20 s / 0.012 s = 1,666 images, in hundreds 1,600.
    expect(sensitivityImageCount(2000, 0.001, 12)).toBe(1600);
    expect(sensitivityImageCount(2000, 0, 12)).toBe(2000);
  });

  test('never fewer than 500, nor more than the cap', () => {
    expect(sensitivityImageCount(2000, 0.02, 13)).toBe(500); // SwiftShader WebGPU, MobileNet-tiny
    expect(sensitivityImageCount(300, 0.02, 13)).toBe(300);
  });
});
