/**
 * Smallest step size (scale, in weight units) any quantizer divides by, learned or calibrated:
 * float32 machine epsilon 2^-23. methods.md 4.3 says to keep a learned s above float32 eps, as
 * torch and coremltools do; the PTQ calibration and dampening use the same floor, so one value
 * means "no usable step" everywhere. It only acts on a tensor (or channel) that is all zeros or a
 * step pushed to 0 by an optimizer: with it an all-zero tensor quantizes to codes 0 and
 * de-quantizes to exactly 0 (the 1e-8 of [OSC-code] gives the same result there).
 */
export const SCALE_FLOOR = 2 ** -23;
