import * as tf from '@tensorflow/tfjs';

/**
 * The three reference training workloads the fast CPU kernels were profiled and tuned on.
 * They use the same raw ops as the engine (tf.conv2d without bias, tf.moments + tf.batchNorm in
 * training mode, relu/relu6, maxPool, global mean pooling, matMul + add, softmax cross-entropy),
 * so the benchmark and the equivalence tests exercise exactly the kernels training hits.
 */
export interface ProfileModel {
  /** Short name used in tables. */
  readonly name: string;
  /** Every trainable variable, in creation order. */
  readonly variables: tf.Variable[];
  /** Mean softmax cross-entropy of a batch `x` [N,28,28,1] against one-hot `labels` [N,10]. */
  loss(x: tf.Tensor4D, labels: tf.Tensor2D): tf.Scalar;
  /** Frees the variables. */
  dispose(): void;
}

/** Names of the reference models, in table order. */
export const PROFILE_MODEL_NAMES = ['small-cnn', 'depthwise-stack', 'residual-stack'] as const;
export type ProfileModelName = (typeof PROFILE_MODEL_NAMES)[number];

/** Creates variables with a deterministic seed so two builds start from identical weights. */
class VarFactory {
  readonly variables: tf.Variable[] = [];
  private seed: number;

  constructor(seed: number) {
    this.seed = seed;
  }

  /** He-normal weights for a filter or matrix whose fan-in is `fanIn`. */
  weight(shape: number[], fanIn: number): tf.Variable {
    const init = tf.randomNormal(shape, 0, Math.sqrt(2 / fanIn), 'float32', this.seed++);
    return this.keep(init);
  }

  /** A constant-filled vector (BN gamma = 1, beta = 0, biases = 0). */
  fill(size: number, value: number): tf.Variable {
    return this.keep(tf.fill([size], value));
  }

  private keep(init: tf.Tensor): tf.Variable {
    const v = tf.variable(init, true);
    init.dispose();
    this.variables.push(v);
    return v;
  }
}

interface BatchNorm {
  gamma: tf.Variable;
  beta: tf.Variable;
}

function makeBn(f: VarFactory, channels: number): BatchNorm {
  return { gamma: f.fill(channels, 1), beta: f.fill(channels, 0) };
}

/** Training-mode batch norm exactly as the engine writes it. */
function batchNorm(x: tf.Tensor4D, bn: BatchNorm): tf.Tensor4D {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, bn.beta, bn.gamma, 1e-3) as tf.Tensor4D;
}

function dense(x: tf.Tensor2D, w: tf.Variable, b: tf.Variable): tf.Tensor2D {
  return tf.add(tf.matMul(x, w as tf.Tensor2D), b);
}

function finish(
  name: string,
  f: VarFactory,
  logits: (x: tf.Tensor4D) => tf.Tensor2D,
): ProfileModel {
  return {
    name,
    variables: f.variables,
    loss: (x, labels) => tf.losses.softmaxCrossEntropy(labels, logits(x)) as tf.Scalar,
    dispose: () => f.variables.forEach((v) => v.dispose()),
  };
}

/** conv3x3-8 'same', BN, ReLU, maxpool2x2, conv3x3-16, BN, ReLU, maxpool2x2, dense-10. */
function smallCnn(f: VarFactory): ProfileModel {
  const w1 = f.weight([3, 3, 1, 8], 9);
  const bn1 = makeBn(f, 8);
  const w2 = f.weight([3, 3, 8, 16], 72);
  const bn2 = makeBn(f, 16);
  const wd = f.weight([7 * 7 * 16, 10], 7 * 7 * 16);
  const bd = f.fill(10, 0);
  return finish('small-cnn', f, (x) => {
    let h = tf.relu(batchNorm(tf.conv2d(x, w1 as tf.Tensor4D, 1, 'same'), bn1));
    h = tf.maxPool(h, 2, 2, 'valid');
    h = tf.relu(batchNorm(tf.conv2d(h, w2 as tf.Tensor4D, 1, 'same'), bn2));
    h = tf.maxPool(h, 2, 2, 'valid');
    return dense(tf.reshape(h, [h.shape[0], -1]), wd, bd);
  });
}

/** Stem conv, then depthwise3x3 -> BN -> ReLU6 -> pointwise1x1 -> BN -> ReLU6 blocks. */
function depthwiseStack(f: VarFactory): ProfileModel {
  const stem = f.weight([3, 3, 1, 8], 9);
  const stemBn = makeBn(f, 8);
  // [input channels, output channels, depthwise stride]
  const plan: [number, number, 1 | 2][] = [
    [8, 16, 1],
    [16, 32, 2],
    [32, 32, 1],
    [32, 64, 2],
  ];
  const blocks = plan.map(([cin, cout, stride]) => ({
    dw: f.weight([3, 3, cin, 1], 9),
    dwBn: makeBn(f, cin),
    pw: f.weight([1, 1, cin, cout], cin),
    pwBn: makeBn(f, cout),
    stride,
  }));
  const wd = f.weight([64, 10], 64);
  const bd = f.fill(10, 0);
  return finish('depthwise-stack', f, (x) => {
    let h = tf.relu6(batchNorm(tf.conv2d(x, stem as tf.Tensor4D, 1, 'same'), stemBn));
    for (const b of blocks) {
      h = tf.depthwiseConv2d(h, b.dw as tf.Tensor4D, b.stride, 'same');
      h = tf.relu6(batchNorm(h, b.dwBn));
      h = tf.conv2d(h, b.pw as tf.Tensor4D, 1, 'same');
      h = tf.relu6(batchNorm(h, b.pwBn));
    }
    return dense(tf.mean(h, [1, 2]) as tf.Tensor2D, wd, bd);
  });
}

/** Stride-2 stem conv, then conv3x3-BN-ReLU-conv3x3-BN + skip, ReLU blocks. */
function residualStack(f: VarFactory): ProfileModel {
  const channels = 16;
  const stem = f.weight([3, 3, 1, channels], 9);
  const stemBn = makeBn(f, channels);
  const blocks = [0, 1].map(() => ({
    w1: f.weight([3, 3, channels, channels], 9 * channels),
    bn1: makeBn(f, channels),
    w2: f.weight([3, 3, channels, channels], 9 * channels),
    bn2: makeBn(f, channels),
  }));
  const wd = f.weight([channels, 10], channels);
  const bd = f.fill(10, 0);
  return finish('residual-stack', f, (x) => {
    let h = tf.relu(batchNorm(tf.conv2d(x, stem as tf.Tensor4D, 2, 'same'), stemBn));
    for (const b of blocks) {
      const r = tf.relu(batchNorm(tf.conv2d(h, b.w1 as tf.Tensor4D, 1, 'same'), b.bn1));
      const s = batchNorm(tf.conv2d(r, b.w2 as tf.Tensor4D, 1, 'same'), b.bn2);
      h = tf.relu(tf.add(h, s));
    }
    return dense(tf.mean(h, [1, 2]) as tf.Tensor2D, wd, bd);
  });
}

const BUILDERS: Record<ProfileModelName, (f: VarFactory) => ProfileModel> = {
  'small-cnn': smallCnn,
  'depthwise-stack': depthwiseStack,
  'residual-stack': residualStack,
};

/** Builds a reference model; the same `seed` always yields the same initial weights. */
export function buildProfileModel(name: ProfileModelName, seed = 1): ProfileModel {
  return BUILDERS[name](new VarFactory(seed));
}

/** A deterministic pseudo-random batch: images in [0,1) and one-hot labels. */
export function makeBatch(batch: number, seed = 7): { x: tf.Tensor4D; y: tf.Tensor2D } {
  return tf.tidy(() => {
    const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', seed) as tf.Tensor4D;
    const labels = tf.tensor1d(
      Array.from({ length: batch }, (_, i) => (i * 7 + seed) % 10),
      'int32',
    );
    return { x, y: tf.oneHot(labels, 10).toFloat() as tf.Tensor2D };
  });
}

/** One SGD-momentum training step; returns the loss before the update. */
export function trainStep(
  model: ProfileModel,
  optimizer: tf.Optimizer,
  x: tf.Tensor4D,
  y: tf.Tensor2D,
): number {
  const loss = optimizer.minimize(() => model.loss(x, y), true, model.variables);
  const value = loss === null ? NaN : loss.dataSync()[0];
  loss?.dispose();
  return value;
}
