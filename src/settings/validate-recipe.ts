import type { Recipe } from './schema';

/**
 * Combinations of settings that cannot train as asked, each as a sentence that says how to fix
 * it. Every single value is already valid (the URL codec and protocol clamp or reject those);
 * this catches settings that only make sense together. Pure, so the UI can disable Start with
 * the same reasons the engine refuses a run with.
 */
export function recipeProblems(s: Recipe): string[] {
  const problems: string[] = [];
  const qatOff = s.qat === 'off';
  if (qatOff && s.freezing === 'on') {
    problems.push(
      'Weight freezing acts on quantized weights: turn on QAT (LSQ or LSQ+) or turn freezing off.',
    );
  }
  if (qatOff && s.dampening > 0) {
    problems.push(
      'Oscillation dampening acts on quantized weights: turn on QAT or set dampening to 0.',
    );
  }
  if (s.qat !== 'off' && s.freezing === 'on' && s.freezeThresholdStart < s.freezeThreshold) {
    problems.push(
      'The freezing threshold decays from its start value to its final value: make the start ' +
        'at least the final threshold.',
    );
  }
  if (s.kure === 'on' && s.kureWeight === 0) {
    problems.push(
      'KURE is on with weight 0, which does nothing: raise the weight or turn KURE off.',
    );
  }
  if (s.r2 !== 'off' && s.r2Weight === 0) {
    problems.push('R2 is on with weight 0, which does nothing: raise the weight or turn R2 off.');
  }
  return problems;
}
