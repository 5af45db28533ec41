import type { EngineEvent } from '../protocol';
import type { TrainingSession } from './session';

/**
 * The chosen layer's `histogram` (the histogram plot) and every layer's `layer-histograms` (the
 * inspector's histogram through time) after `step` steps, from one pass over the kernels.
 */
export async function emitHistograms(
  session: Pick<TrainingSession, 'histograms'>,
  step: number,
  emit: (event: EngineEvent) => void,
): Promise<void> {
  const { chosen, layers } = await session.histograms();
  emit({ type: 'histogram', step, ...layers[chosen]! });
  emit({ type: 'layer-histograms', step, layers });
}
