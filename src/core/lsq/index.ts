/** LSQ and LSQ+ learned-step quantizers (methods.md 4): the public surface of src/core/lsq. */
export * from './formulas';
export * from './grad-scale';
export * from './init-activations';
export * from './init-weights';
export * from './lsq';
export * from './lsq-plus';
export * from './params';
export { assertQuantShapes, lsqBackward, lsqForward, lsqKernel, SCALE_FLOOR } from './ste-kernel';
