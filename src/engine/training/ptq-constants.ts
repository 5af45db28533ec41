/** The PTQ sweep's constants, tfjs-free so exporters can read them (ptq-sweep.ts runs it). */

/** Training images the activation ranges are calibrated on (methods.md 1.5 step 3). */
export const CALIBRATION_IMAGES = 256;
