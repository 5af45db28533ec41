import type { EngineEvent } from '../../src/engine/protocol';
import { ptqQuantizerOf, type PtqQuantizer } from '../../src/settings/ptq-quantizer';
import { defaultRecipe } from '../../src/settings/schema';

type PtqEvent = Extract<EngineEvent, { type: 'ptq' }>;

/**
 * A 'ptq' event after `step` steps with the default recipe's quantizer and `overrides` on top,
 * and points (bits, accuracy) labelled W<b>A32.
 */
export function ptqEvent(
  step: number,
  overrides: Partial<PtqQuantizer> = {},
  points: readonly [number, number][] = [],
  fpAccuracy = 0.9,
): PtqEvent {
  return {
    type: 'ptq',
    step,
    method: 'm',
    fpAccuracy,
    points: points.map(([bits, accuracy]) => ({ bits, label: `W${bits}A32`, accuracy, loss: 1 })),
    quantizer: ptqQuantizerOf(defaultRecipe(), overrides),
    images: 2000,
  };
}
