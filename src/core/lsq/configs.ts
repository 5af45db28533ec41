/** The LSQ+ configuration table and the MSE init's defaults, tfjs-free so exporters can read them. */
import type { GridMode } from '../quant/grid';

/** The grids LSQ and LSQ+ use (lsq.ts `lsqGrid`). */
type LsqGridMode = Extract<GridMode, 'unsigned' | 'signed-full'>;

/**
 * The four LSQ+ activation configurations of methods.md 4.2 (the paper's comparison table):
 * 1 `unsigned-symmetric` (= LSQ), 2 `signed-symmetric`, 3 `unsigned-asymmetric`,
 * 4 `signed-asymmetric`. "Symmetric" means beta is fixed at 0; "asymmetric" means beta is learned.
 */
export type LsqPlusConfig =
  'unsigned-symmetric' | 'signed-symmetric' | 'unsigned-asymmetric' | 'signed-asymmetric';

/** What one {@link LsqPlusConfig} means. */
export interface LsqPlusConfigSpec {
  /** Row number in the LSQ+ table (methods.md 4.2). */
  index: 1 | 2 | 3 | 4;
  /** Integer grid: unsigned [0, 2^b - 1] or signed [-2^(b-1), 2^(b-1) - 1]. */
  grid: LsqGridMode;
  /** Whether the offset beta is a learnable parameter (otherwise beta = 0 and absent). */
  learnBeta: boolean;
  /** Short label for the UI. */
  label: string;
}

/** The LSQ+ configuration table (methods.md 4.2). Configs 3 and 4 span the same set of grids. */
export const LSQ_PLUS_CONFIGS: Readonly<Record<LsqPlusConfig, LsqPlusConfigSpec>> = {
  'unsigned-symmetric': {
    index: 1,
    grid: 'unsigned',
    learnBeta: false,
    label: 'Config 1: unsigned, symmetric (= LSQ)',
  },
  'signed-symmetric': {
    index: 2,
    grid: 'signed-full',
    learnBeta: false,
    label: 'Config 2: signed, symmetric',
  },
  'unsigned-asymmetric': {
    index: 3,
    grid: 'unsigned',
    learnBeta: true,
    label: 'Config 3: unsigned, asymmetric (learned offset)',
  },
  'signed-asymmetric': {
    index: 4,
    grid: 'signed-full',
    learnBeta: true,
    label: 'Config 4: signed, asymmetric (learned offset)',
  },
};

/** The [LAB] defaults of the LSQ+ activation MSE init (methods.md 4.2), stated once. */
export const MSE_INIT_DEFAULTS = {
  candidates: 100,
  positions: 21,
  maxSamples: 8192,
  seed: 1,
} as const;
