import * as tf from '@tensorflow/tfjs';
import {
  applyBatchNorm,
  applyConv,
  applyDense,
  createBatchNorm,
  createConv,
  createDense,
  type BatchNormParams,
  type ConvParams,
  type DenseParams,
} from './layers';
import type { ForwardHooks, ForwardMode, Model } from './model';
import type { SmallCnnOptions } from './small-cnn-options';

export { SMALL_CNN_DEFAULTS, type SmallCnnOptions } from './small-cnn-options';

interface Block {
  conv: ConvParams;
  bn: BatchNormParams;
}

/** conv3x3-BN-ReLU-maxpool2 per block, flatten, dense to logits. ~9k parameters at the defaults. */
export function createSmallCnn(options: SmallCnnOptions): Model {
  const blocks: Block[] = [];
  let inC = options.inChannels;
  let size = options.imageSize;
  options.channels.forEach((outC, i) => {
    const name = `conv${i + 1}`;
    const conv = createConv(name, i, 3, inC, outC, options.seed + i);
    conv.bn = createBatchNorm(`${name}/bn`, outC);
    blocks.push({ conv, bn: conv.bn });
    inC = outC;
    size = Math.floor(size / 2);
  });
  const flat = size * size * inC;
  const head: DenseParams = createDense(
    'dense',
    blocks.length,
    flat,
    options.numClasses,
    options.seed + blocks.length,
  );
  const trainable = [
    ...blocks.flatMap((b) => [b.conv.kernel, b.bn.gamma, b.bn.beta]),
    head.kernel,
    head.bias,
  ];
  const all = [...trainable, ...blocks.flatMap((b) => [b.bn.movingMean, b.bn.movingVariance])];

  function apply(x: tf.Tensor4D, mode: ForwardMode, hooks?: ForwardHooks): tf.Tensor2D {
    let h = x;
    for (const b of blocks) {
      const z = applyBatchNorm(applyConv(h, b.conv, hooks), b.bn, mode);
      h = tf.maxPool(tf.relu(z), 2, 2, 'valid');
    }
    return applyDense(tf.reshape(h, [h.shape[0], flat]), head, hooks);
  }

  return {
    name: 'Small CNN',
    layers: [...blocks.map((b) => b.conv), head],
    trainable,
    apply,
    parameterCount: () => trainable.reduce((n, v) => n + v.size, 0),
    dispose: () => all.forEach((v) => v.dispose()),
  };
}
