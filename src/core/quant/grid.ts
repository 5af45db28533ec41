import { assertBits } from './bits';

/**
 * Integer grids of a b-bit quantizer (methods.md 1.1). The one definition used by QAT, PTQ and the
 * histogram plots.
 * - unsigned: [0, 2^b - 1]
 * - signed-full: [-2^(b-1), 2^(b-1) - 1]
 * - signed-narrow: [-(2^(b-1) - 1), 2^(b-1) - 1] (symmetric about zero)
 */
export type GridMode = 'unsigned' | 'signed-full' | 'signed-narrow';

/** Inclusive integer bounds: n = lowest level, p = highest level. */
export interface IntGrid {
  n: number;
  p: number;
}

export function intGrid(bits: number, mode: GridMode): IntGrid {
  assertBits(bits);
  const half = 2 ** (bits - 1);
  switch (mode) {
    case 'unsigned':
      return { n: 0, p: 2 ** bits - 1 };
    case 'signed-full':
      return { n: -half, p: half - 1 };
    case 'signed-narrow':
      return { n: -(half - 1), p: half - 1 };
  }
}

/** Number of levels on the grid. */
export function levelCount(grid: IntGrid): number {
  return grid.p - grid.n + 1;
}
