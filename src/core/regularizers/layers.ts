import { QuantError } from '../errors';
import type { LayerDescriptor, LayerKind } from '../layer';

/**
 * Which layers each regularizer covers, as pure helpers over layer descriptors so the engine's models
 * and the UI share one rule.
 */

export type { LayerDescriptor, LayerKind };

function assertUniqueIndices(layers: readonly LayerDescriptor[]): void {
  const seen = new Set<number>();
  for (const layer of layers) {
    if (!Number.isInteger(layer.index) || layer.index < 0) {
      throw new QuantError(
        `layer ${layer.name}: index must be an integer >= 0, got ${layer.index}`,
      );
    }
    if (seen.has(layer.index)) {
      throw new QuantError(`layer ${layer.name}: index ${layer.index} is used twice`);
    }
    seen.add(layer.index);
  }
}

/**
 * KURE's layers (methods.md 3.2, [KURE-code] `all_convs[1:]`): every conv weight, depthwise included,
 * except the first conv in forward order; dense layers are not regularised. "First conv" is the conv
 * or depthwise layer with the lowest index (PyTorch's depthwise convs are nn.Conv2d too).
 * Returns the selected descriptors sorted by index; may be empty (e.g. a one-conv model).
 * @throws QuantError on duplicate or non-integer indices ("first" would be ambiguous).
 */
export function kureLayerSelection(
  layers: readonly LayerDescriptor[],
  choice: KureLayerChoice = 'convs-but-first',
): LayerDescriptor[] {
  assertUniqueIndices(layers);
  const sorted = [...layers].sort((a, b) => a.index - b.index);
  if (choice === 'all') return sorted;
  const convs = sorted.filter((l) => l.kind === 'conv2d' || l.kind === 'depthwise');
  return choice === 'all-convs' ? convs : convs.slice(1);
}

/**
 * Which layers KURE regularises: the paper's convs but the first (default), every conv, or every
 * weight layer (dense too); the last two are [LAB] options to see why the paper leaves them out.
 */
export type KureLayerChoice = 'convs-but-first' | 'all-convs' | 'all';

/**
 * R2's layers, [LAB] default (methods.md 2.3; the paper's coverage is not verified): every conv,
 * depthwise and dense kernel (biases and BN are never passed here). Sorted by index.
 * @throws QuantError on duplicate or non-integer indices.
 */
export function r2LayerSelection(layers: readonly LayerDescriptor[]): LayerDescriptor[] {
  assertUniqueIndices(layers);
  return [...layers].sort((a, b) => a.index - b.index);
}
