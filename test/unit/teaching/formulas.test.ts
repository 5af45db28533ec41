import katex from 'katex';
import { describe, expect, test } from 'vitest';
import { LSQ_PLUS_FORWARD_LATEX, LSQ_PLUS_GRADIENT_LATEX } from '../../../src/core/lsq/formulas';
import {
  DAMPENING_LATEX,
  FREEZING_LATEX,
  OSCILLATION_TRACKING_LATEX,
} from '../../../src/core/oscillation/formulas';
import { KURE_LATEX } from '../../../src/core/regularizers/kure';
import { R2_FORMULAS } from '../../../src/core/regularizers/r2-formulas';
import { R2_RAMP_LATEX } from '../../../src/core/regularizers/r2-schedule';
import { COSINE_RAMP_LATEX } from '../../../src/core/schedules/cosine';
import { DEFAULT_MSE_CANDIDATES } from '../../../src/core/quant/params';
import { SCALE_FLOOR } from '../../../src/core/quant/scale-floor';
import { KURTOSIS_LATEX } from '../../../src/core/stats/kurtosis';
import { BN_REESTIMATE_BATCHES } from '../../../src/engine/training/bn-reestimate';
import type { TechniqueId } from '../../../src/settings/techniques';
import { TECHNIQUE_NOTES, type TechniqueNote } from '../../../src/ui/teaching/technique-notes';

const note = (id: TechniqueId): TechniqueNote => TECHNIQUE_NOTES.find((n) => n.id === id)!;
const formula = (id: TechniqueId, label: string) => {
  const f = note(id).formulas.find((x) => x.label === label);
  if (!f) throw new Error(`no formula '${label}' in ${id}`);
  return f;
};
const allFormulas = TECHNIQUE_NOTES.flatMap((n) =>
  n.formulas.map((f) => [`${n.id}: ${f.label}`, f.tex] as const),
);

describe('teaching formulas render with KaTeX', () => {
  test.each(allFormulas)('%s', (_, tex) => {
    // Stricter than Formula.tsx: any parse error or strict-mode warning fails here.
    const html = katex.renderToString(tex, {
      throwOnError: true,
      strict: 'error',
      trust: false,
      output: 'htmlAndMathml',
      displayMode: true,
    });
    expect(html).toContain('<math');
    expect(html).not.toContain('katex-error');
  });
});

describe('teaching formulas are the core definitions (one definition)', () => {
  // Imported from tfjs-free core modules: the same string constants.
  test.each([
    ['r2', 'Warm-up ramp', R2_RAMP_LATEX],
    ['qat', 'LSQ+ quantizer', LSQ_PLUS_FORWARD_LATEX],
    ['qat', 'LSQ+ gradients (straight-through)', LSQ_PLUS_GRADIENT_LATEX],
    ['oscillation', 'Oscillation tracking', OSCILLATION_TRACKING_LATEX],
    ['oscillation', 'Dampening loss (paper form)', DAMPENING_LATEX],
    ['oscillation', 'Iterative freezing', FREEZING_LATEX],
  ] as const)('%s / %s is imported from src/core', (id, label, core) => {
    expect(formula(id, label).tex).toBe(core);
  });

  test('the dampening weight schedule is core’s cosine ramp', () => {
    const f = note('oscillation').formulas.find((x) => x.label.startsWith('Dampening weight'));
    expect(f?.tex).toBe(COSINE_RAMP_LATEX);
  });

  // From core's tfjs-free formula modules: the same strings and source tags.
  test.each([
    ['r2', 'L-inf R2', R2_FORMULAS.linf!],
    ['r2', 'Margin R2', R2_FORMULAS.margin!],
    ['r2', 'Soft-min-max R2', R2_FORMULAS['soft-min-max']!],
    ['r2', 'Total loss', R2_FORMULAS.total!],
    ['r2', 'Warm-up ramp', R2_FORMULAS.ramp!],
  ] as const)('%s / %s is R2_FORMULAS (LaTeX and source tags)', (id, label, doc) => {
    const f = formula(id, label);
    expect(f.tex).toBe(doc.latex);
    expect(f.sources).toEqual(doc.sources);
  });

  test('KURE and kurtosis are KURE_LATEX and KURTOSIS_LATEX', () => {
    expect(formula('kure', 'KURE loss').tex).toBe(KURE_LATEX);
    expect(formula('kure', 'Kurtosis of one layer').tex).toBe(KURTOSIS_LATEX);
  });

  test('numbers written into new formulas match the code', () => {
    expect(formula('bn-reestimate', 'Re-estimated statistics of channel c').tex).toContain(
      `K = ${BN_REESTIMATE_BATCHES}`,
    );
    expect(note('bn-reestimate').sentences.join(' ')).toContain(
      `${BN_REESTIMATE_BATCHES} training`,
    );
    expect(formula('ptq', 'MSE range search (symmetric)').tex).toContain(
      `K = ${DEFAULT_MSE_CANDIDATES}`,
    );
    expect(SCALE_FLOOR).toBe(2 ** -23);
    expect(formula('ptq', 'Symmetric quantizer (signed grid)').tex).toContain('2^{-23}');
  });
});
