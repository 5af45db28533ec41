/**
 * Round half to even on the host, exactly as tf.round and torch.round do (methods.md 1.1), so
 * JS-side binning, initialisation and the toy demo match the device quantizer. Math.round rounds
 * halves up (towards +Infinity), so exact odd halves move back down to the even neighbour.
 */
export function roundHalfEven(v: number): number {
  const r = Math.round(v);
  return Math.abs(v % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}
