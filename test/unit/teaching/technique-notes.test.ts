import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, test } from 'vitest';
import { defaultRecipe, type Recipe } from '../../../src/settings/schema';
import {
  activeVariant,
  firstTechniqueOn,
  isTechniqueOn,
  TECHNIQUE_IDS,
  type TechniqueId,
} from '../../../src/settings/techniques';
import { TECHNIQUE_NOTES } from '../../../src/ui/teaching/technique-notes';

const ROOT = resolve(import.meta.dirname, '../../..');
const PLOTS = [
  'weight histogram on the grid',
  'kurtosis per layer',
  'oscillation frequency',
  'weight raster',
  'PTQ accuracy W2–W8',
  'loss terms',
  'learned quantizer parameters',
  'learned parameters',
];
/** Papers without an arXiv id in the notes (none today; KURE's 2002.07686 was added by hand). */
const ARXIV_UNKNOWN_IN_SOURCES = new Set<string>([]);

const testRecipe = (patch: Partial<Recipe>): Recipe => ({ ...defaultRecipe(), ...patch });

describe('teaching notes: content contract', () => {
  test('one note per technique, in tab order', () => {
    const ids: TechniqueId[] = ['r2', 'kure', 'qat', 'oscillation', 'bn-reestimate', 'ptq'];
    expect(TECHNIQUE_NOTES.map((n) => n.id)).toEqual(ids);
    expect(TECHNIQUE_IDS).toEqual(ids);
  });

  test.each(TECHNIQUE_NOTES.map((n) => [n.id, n] as const))('%s: 3-6 plain sentences', (_, n) => {
    expect(n.sentences.length).toBeGreaterThanOrEqual(3);
    expect(n.sentences.length).toBeLessThanOrEqual(6);
    for (const s of n.sentences) {
      expect(s).toMatch(/^[A-Z].*[.]$/); // one sentence: capital first, full stop last
      expect(s).not.toMatch(/[.!?]\s+[A-Z]/); // and no second sentence inside
    }
  });

  test.each(TECHNIQUE_NOTES.map((n) => [n.id, n] as const))('%s: formulas and notes', (_, n) => {
    expect(n.title.length).toBeGreaterThan(0);
    expect(n.formulas.length).toBeGreaterThanOrEqual(1);
    expect(new Set(n.formulas.map((f) => f.label)).size).toBe(n.formulas.length);
    for (const f of n.formulas) {
      expect(f.tex.trim().length).toBeGreaterThan(0);
      expect(f.sources.length).toBeGreaterThan(0);
      expect(existsSync(resolve(ROOT, f.code)), `${f.label}: ${f.code} exists`).toBe(true);
    }
    expect(n.formulaUsed.length).toBeGreaterThan(40);
    expect(
      PLOTS.some((p) => n.watch.includes(p)),
      `${n.id} names a plot`,
    ).toBe(true);
  });

  test.each(TECHNIQUE_NOTES.map((n) => [n.id, n] as const))('%s: paper citation', (_, n) => {
    expect(n.papers.length).toBeGreaterThanOrEqual(1);
    for (const p of n.papers) {
      expect(String(p.year)).toMatch(/^\d{4}$/);
      if (ARXIV_UNKNOWN_IN_SOURCES.has(p.short)) {
        expect(p.arxiv).toBeUndefined();
      } else {
        expect(p.arxiv).toMatch(/^\d{4}\.\d{4,5}$/);
      }
    }
    // At least one linkable paper per technique.
    expect(n.papers.some((p) => p.arxiv !== undefined)).toBe(true);
  });

  test('arXiv ids agree with methods.md (KURE: arXiv 2002.07686, not in methods.md)', () => {
    const ids = Object.fromEntries(
      TECHNIQUE_NOTES.flatMap((n) => n.papers).map((p) => [p.short, p.arxiv]),
    );
    expect(ids).toEqual({
      R2: '2303.08253',
      KURE: '2002.07686',
      LSQ: '1902.08153',
      'LSQ+': '2004.09576',
      'Oscillations in QAT': '2203.11086',
    });
  });
});

describe('teaching notes: which techniques are on', () => {
  test('defaults: only the PTQ sweep at the end of training is on, so it is the first tab', () => {
    const on = TECHNIQUE_NOTES.filter((n) => isTechniqueOn(n.id, defaultRecipe()));
    expect(on.map((n) => n.id)).toEqual(['ptq']);
    expect(firstTechniqueOn(defaultRecipe())).toBe('ptq');
  });

  test('each setting turns its technique on', () => {
    expect(isTechniqueOn('r2', testRecipe({ r2: 'margin' }))).toBe(true);
    expect(isTechniqueOn('kure', testRecipe({ kure: 'on' }))).toBe(true);
    expect(isTechniqueOn('qat', testRecipe({ qat: 'lsq+' }))).toBe(true);
    expect(isTechniqueOn('bn-reestimate', testRecipe({ bnReestimate: 'on' }))).toBe(true);
    expect(isTechniqueOn('ptq', testRecipe({ ptqAtEnd: 'off', ptqEvery: 100 }))).toBe(true);
    expect(isTechniqueOn('ptq', testRecipe({ ptqAtEnd: 'off', ptqEvery: 0 }))).toBe(false);
  });

  test('oscillation tracking, dampening and freezing count only with QAT on, as the engine builds them', () => {
    expect(isTechniqueOn('oscillation', testRecipe({ dampening: 0.1 }))).toBe(false);
    expect(isTechniqueOn('oscillation', testRecipe({ qat: 'lsq', dampening: 0.1 }))).toBe(true);
    expect(isTechniqueOn('oscillation', testRecipe({ qat: 'lsq', freezing: 'on' }))).toBe(true);
    // Tracking alone (on by default) is an oscillation run too: the engine builds its trackers.
    expect(isTechniqueOn('oscillation', testRecipe({ qat: 'lsq' }))).toBe(true);
    const off = { qat: 'lsq', trackOscillations: 'off' } as const;
    expect(isTechniqueOn('oscillation', testRecipe(off))).toBe(false);
  });

  test('the first technique that is on is shown first', () => {
    expect(firstTechniqueOn(testRecipe({ kure: 'on', qat: 'lsq' }))).toBe('kure');
    expect(firstTechniqueOn(testRecipe({ ptqAtEnd: 'off' }))).toBe('r2');
  });

  test('active variant: the R2 variant and the QAT mode', () => {
    expect(activeVariant('r2', testRecipe({ r2: 'soft-min-max' }))).toBe('soft-min-max');
    expect(activeVariant('r2', defaultRecipe())).toBeUndefined();
    expect(activeVariant('qat', testRecipe({ qat: 'lsq' }))).toBe('lsq');
    expect(activeVariant('kure', testRecipe({ kure: 'on' }))).toBeUndefined();
    const r2 = TECHNIQUE_NOTES.find((n) => n.id === 'r2')!;
    for (const v of ['linf', 'margin', 'soft-min-max']) {
      expect(r2.formulas.filter((f) => f.variant === v)).toHaveLength(1);
    }
  });
});
