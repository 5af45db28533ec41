import { describe, expect, test } from 'vitest';
import {
  bitsColor,
  discreteLevelColorscale,
  COLORS,
  layerStyle,
  levelColor,
  MAX_DISCRETE_LEVELS,
  OKABE_ITO,
  SERIES_COLORS,
  seriesStyle,
  TOL_MUTED,
} from '../../../src/ui/charts/palette';

describe('palette', () => {
  test('series take the colours in order, then repeat with another dash', () => {
    expect(seriesStyle(0)).toEqual({ color: OKABE_ITO.blue, dash: 'solid' });
    expect(seriesStyle(1)).toEqual({ color: OKABE_ITO.vermillion, dash: 'solid' });
    expect(seriesStyle(6)).toEqual({ color: TOL_MUTED.indigo, dash: 'solid' });
    expect(seriesStyle(12)).toEqual({ color: OKABE_ITO.blue, dash: 'dashdot' });
    expect(seriesStyle(25)).toEqual({ color: OKABE_ITO.vermillion, dash: 'longdash' });
  });

  test('eleven layers and more (MobileNet-tiny, ResNet-tiny) get distinct colours', () => {
    const colors = Array.from({ length: 12 }, (_, i) => seriesStyle(i).color.toLowerCase());
    expect(new Set(colors).size).toBe(12);
    expect(SERIES_COLORS.length).toBeGreaterThanOrEqual(11);
    // Never the reference lines' black, never yellow (unreadable on white and on a projector).
    expect(colors).not.toContain(COLORS.reference.toLowerCase());
    expect(colors).not.toContain(OKABE_ITO.yellow.toLowerCase());
    // The colour that collided in the lecturer's legend: dense (11th) is not block1/dw's (3rd).
    const mobilenet = ['stem', 'block1/dw', 'block1/pw', 'block2/dw', 'block2/pw', 'block3/dw'];
    const order = [...mobilenet, 'block3/pw', 'block4/dw', 'block4/pw', 'block5/dw', 'dense'];
    const styles = order.map((name) => layerStyle(name, order).color);
    expect(new Set(styles).size).toBe(order.length);
  });

  test('a layer keeps the colour of its place in the model order', () => {
    const order = ['stem', 'conv1', 'fc'];
    expect(layerStyle('conv1', order).color).toBe(OKABE_ITO.vermillion);
    expect(layerStyle('fc', order, ['fc']).color).toBe(OKABE_ITO.bluishGreen);
    // Unknown names come after the known ones, in first-seen order.
    expect(layerStyle('extra2', order, ['fc', 'extra1', 'extra2']).color).toBe(OKABE_ITO.orange);
    expect(layerStyle('x', []).color).toBe(OKABE_ITO.blue);
  });

  test('levels run blue -> grey at 0 -> vermillion', () => {
    expect(levelColor(-8, -8, 7)).toBe('#0072b2');
    expect(levelColor(0, -8, 7)).toBe('#f2f2f2');
    expect(levelColor(7, -8, 7)).toBe('#d55e00');
    // Halfway from n = -2 to 0: channel-wise mean of blue and grey.
    expect(levelColor(-1, -2, 1)).toBe('#79b2d2');
    // An unsigned grid starts at grey; a grid without 0 is centred on its middle (2.5 here).
    expect(levelColor(0, 0, 3)).toBe('#f2f2f2');
    expect(levelColor(1, 1, 4)).toBe('#0072b2');
    expect(levelColor(4, 1, 4)).toBe('#d55e00');
  });

  test('the level colour scale has one flat band per level on [n - 0.5, p + 0.5]', () => {
    const scale = discreteLevelColorscale(-2, 1);
    expect(scale.map(([t]) => t)).toEqual([0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75, 1]);
    expect(scale[0]![1]).toBe(scale[1]![1]);
    expect(scale[0]![1]).toBe('#0072b2');
    expect(scale[4]![1]).toBe('#f2f2f2'); // level 0, third band
    expect(scale[7]![1]).toBe('#d55e00');
  });

  test('fine grids (8 bits) get a continuous three-stop scale with grey at level 0', () => {
    expect(256).toBeGreaterThan(MAX_DISCRETE_LEVELS);
    const scale = discreteLevelColorscale(-128, 127);
    expect(scale).toHaveLength(3);
    expect(scale[1]![0]).toBeCloseTo(128.5 / 256, 12);
  });
});

describe('bit-width colours', () => {
  test('W2..W8 get seven distinct colours, none of them the black reference', () => {
    const colors = [2, 3, 4, 5, 6, 7, 8].map(bitsColor);
    expect(new Set(colors).size).toBe(7);
    expect(colors).not.toContain(OKABE_ITO.black);
    expect(bitsColor(2)).toBe(OKABE_ITO.vermillion);
    expect(bitsColor(9)).toBe(bitsColor(2));
  });
});
