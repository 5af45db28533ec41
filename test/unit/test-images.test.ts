import { describe, expect, test } from 'vitest';
import { QUICK_TEST_IMAGES, ptqImages } from '../../src/settings/test-images';
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
