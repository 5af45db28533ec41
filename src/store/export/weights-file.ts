import type { WeightsEvent } from '../../engine/export/weights-schema';
import { downloadText, fileName, MIME } from './download';

/** `format` of a weights file. */
export const WEIGHTS_FORMAT = 'quantlab-weights';

/** How to read the FP weights back, written into the file for whoever opens it. */
const FP32_NOTE =
  'tfjs io format: tf.io.decodeWeights(bytes, weightSpecs), bytes = the base64-decoded ' +
  'weightData (little-endian float32, concatenated in weightSpecs order)';

/**
 * The weights file of a run: the FP weights in tfjs's io format and the BN-folded integer codes
 * with scales and zero points at the chosen bit width (x = scale * (code - zeroPoint)). Pure.
 */
export function weightsJson(event: WeightsEvent, runName: string): string {
  const { step, model, bits, fp32, quantized } = event;
  const file = {
    format: WEIGHTS_FORMAT,
    version: 1,
    name: runName,
    model,
    step,
    bits,
    fp32: { note: FP32_NOTE, ...fp32 },
    quantized,
  };
  return JSON.stringify(file);
}

/** File name of a weights export, e.g. `KURE-vs-baseline-at-W4-weights-w4.json`. */
export function weightsFileName(runName: string, bits: number): string {
  return fileName(runName, `-weights-w${bits}.json`);
}

/** Download the weights file of `event` for the run named `runName`. */
export function saveWeightsFile(event: WeightsEvent, runName: string): void {
  downloadText(weightsJson(event, runName), weightsFileName(runName, event.bits), MIME.json);
}
