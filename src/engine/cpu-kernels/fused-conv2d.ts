import * as tf from '@tensorflow/tfjs';
import { forward } from './conv2d';
import { convGeometry } from './conv-kernels';
import { defineKernel } from './define-kernel';

// tf.fused.conv2d (conv + bias + activation). The engine calls tf.conv2d, but the stock fused
// kernel calls the stock convolution directly rather than through the registry, so without
// this any code moving to tf.fused.conv2d would silently lose the fast convolution. Bias and
// activation are applied in place in one pass, in the same float32 order as the stock kernel
// (conv result rounded, plus bias rounded, then the activation).

const ACTIVATIONS = new Set<string | undefined>([undefined, 'linear', 'relu', 'relu6']);

function biasAndActivation(
  y: Float32Array,
  bias: Float32Array | null,
  channels: number,
  activation: string | undefined,
): void {
  if (bias !== null) {
    const vector = bias.length === channels;
    for (let i = 0, c = 0; i < y.length; i++) {
      y[i] += bias[vector ? c : 0];
      if (++c === channels) c = 0;
    }
  }
  if (activation === 'relu' || activation === 'relu6') {
    const cap = activation === 'relu6' ? 6 : Infinity;
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      const r = (v + Math.abs(v)) * 0.5; // max(0, v) without a branch; NaN for NaN and -Infinity
      y[i] = r < cap ? r : r === r ? cap : v !== v ? v : 0;
    }
  }
}

/** True for a bias that broadcasts per channel or as a scalar: shape [], [k] or [1,...,1,k]. */
function channelBias(shape: number[], channels: number): boolean {
  const last = shape.length === 0 ? 1 : shape[shape.length - 1];
  return (last === 1 || last === channels) && shape.slice(0, -1).every((d) => d === 1);
}

/** FusedConv2D with no, scalar or per-channel bias and linear, relu or relu6 activation. */
export const fusedConv2DKernel = defineKernel({
  name: tf.FusedConv2D,
  inputs: ['x', 'filter'],
  optional: ['bias', 'preluActivationWeights'],
  compute({ x, filter, bias, preluActivationWeights }, attrs: tf.FusedConv2DAttrs) {
    if (preluActivationWeights !== undefined || !ACTIVATIONS.has(attrs.activation)) return null;
    const info = convGeometry(x.shape, filter.shape, attrs, false);
    if (!info || (bias !== undefined && !channelBias(bias.shape, info.outChannels))) return null;
    const y = forward(x.values, filter.values, info);
    biasAndActivation(y, bias?.values ?? null, info.outChannels, attrs.activation);
    return { shape: info.outShape, values: y };
  },
});
