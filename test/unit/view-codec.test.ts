import { describe, expect, test } from 'vitest';
import {
  LAB_VIEW,
  decodeView,
  encodeView,
  linkBase,
  viewOfRecipe,
  type View,
} from '../../src/settings/view-codec';
import { PRESETS, presetRecipe } from '../../src/settings/presets';
import { defaultRecipe } from '../../src/settings/schema';

describe('the view in a link', () => {
  test('no view parameters: the full lab, no preset, no classroom', () => {
    expect(decodeView('v=1&lr=0.1')).toEqual({ view: LAB_VIEW, problems: [] });
    expect(encodeView(LAB_VIEW)).toBe('');
  });

  test('a preset opens its demo unless the link says view=lab', () => {
    expect(decodeView('preset=kure-w4').view).toEqual({
      preset: 'kure-w4',
      layout: 'demo',
      classroom: false,
    });
    expect(decodeView('preset=kure-w4&view=lab').view.layout).toBe('lab');
  });

  test('every view round-trips through its link, writing only what differs from the default', () => {
    const views: View[] = [
      LAB_VIEW,
      { preset: 'baseline', layout: 'demo', classroom: false },
      { preset: 'baseline', layout: 'lab', classroom: true },
      { preset: null, layout: 'lab', classroom: true },
      { preset: null, layout: 'lab', classroom: false, inspect: 'conv2', at: 120 },
      { preset: null, layout: 'lab', classroom: false, at: 0 },
    ];
    for (const view of views) expect(decodeView(encodeView(view))).toEqual({ view, problems: [] });
    expect(encodeView({ preset: 'baseline', layout: 'demo', classroom: true })).toBe(
      'preset=baseline&class=1',
    );
  });

  test('an unknown preset is ignored with a notice that echoes it quoted and cleaned', () => {
    const { view, problems } = decodeView('preset=nope');
    expect(view).toEqual(LAB_VIEW);
    expect(problems).toEqual([
      'Demo: preset="nope" is not a known demo; the link\'s settings were used.',
    ]);
    const rlo = decodeView(`preset=${encodeURIComponent('a\u202eb')}`).problems[0]!;
    expect(rlo).not.toContain('\u202e');
    expect(rlo).toContain('a\ufffdb');
  });

  test('a bad layout or classroom flag falls back with a notice', () => {
    expect(decodeView('view=demo')).toEqual({
      view: LAB_VIEW,
      problems: ['Layout: view="demo" needs a preset=; showing the lab view.'],
    });
    expect(decodeView('preset=baseline&view=grid').view.layout).toBe('demo');
    expect(decodeView('class=yes')).toEqual({
      view: LAB_VIEW,
      problems: ['Classroom: class="yes" is not 1 or 0; classroom mode is off.'],
    });
  });

  test('a step that is not a whole number is ignored with a notice; the latest is shown', () => {
    for (const raw of ['-3', '1.5', 'abc', '99999999', '']) {
      const { view, problems } = decodeView(`inspect=conv2&at=${encodeURIComponent(raw)}`);
      expect(view).toEqual({ ...LAB_VIEW, inspect: 'conv2' });
      expect(problems).toEqual([
        `Inspector: at="${raw}" is not a step number; showing the latest histogram.`,
      ]);
    }
    expect(decodeView('at=0120').view.at).toBe(120);
  });

  test("a link's settings apply over its preset, else over the defaults", () => {
    expect(linkBase(null)).toEqual(defaultRecipe());
    expect(linkBase('nope')).toEqual(defaultRecipe());
    for (const p of PRESETS) expect(linkBase(p.id)).toEqual(presetRecipe(p));
  });

  test("a recipe's own view names the preset it equals", () => {
    expect(viewOfRecipe(defaultRecipe())).toEqual(LAB_VIEW);
    const kure = PRESETS.find((p) => p.id === 'kure-w4')!;
    expect(viewOfRecipe(presetRecipe(kure)).preset).toBe('kure-w4');
  });
});
