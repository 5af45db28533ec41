// Step 1 of a PyTorch cross-check, compared: the lab's and train.py's loss, terms and gradients.
import { expect } from 'vitest';
import { relativeError, type CheckResult } from './torch-check';

/**
 * Asserts that train.py's step 1 names the same terms and variables as the lab's, and that the
 * total loss, every term and every variable's gradient agree within `tolerance` relative.
 * Returns the worst gradient, [variable, relative error], for the test's report line.
 */
export function expectFirstStepAgrees(
  lab: Omit<CheckResult, 'steps'>,
  torch: CheckResult,
  tolerance: number,
): readonly [string, number] {
  expect(Object.keys(torch.terms)).toEqual(Object.keys(lab.terms));
  expect(Object.keys(torch.grads).sort()).toEqual(Object.keys(lab.grads).sort());
  const termErrors = Object.entries(lab.terms).map(([k, v]) =>
    relativeError([v], [torch.terms[k]!]),
  );
  const gradErrors = Object.entries(lab.grads).map(
    ([k, g]) => [k, relativeError(g, torch.grads[k]!)] as const,
  );
  expect(relativeError([lab.loss], [torch.loss])).toBeLessThan(tolerance);
  expect(Math.max(...termErrors)).toBeLessThan(tolerance);
  expect(Object.fromEntries(gradErrors.filter(([, e]) => e >= tolerance))).toEqual({});
  return gradErrors.reduce((a, b) => (b[1] > a[1] ? b : a));
}
