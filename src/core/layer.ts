/** Kind of a weight layer: regular conv (kernel [kh, kw, in, out]), depthwise conv
 * ([kh, kw, in, multiplier]) or dense ([in, out]). The one definition used by quantizers,
 * regularizers and the engine's models. */
export type LayerKind = 'conv2d' | 'depthwise' | 'dense';

/** One weight layer of a model, as the math core needs to see it. */
export interface LayerDescriptor {
  /** Display name, e.g. 'conv2'. */
  readonly name: string;
  readonly kind: LayerKind;
  /** Position in the forward pass (0 = first layer); integers, unique within a model. */
  readonly index: number;
}
