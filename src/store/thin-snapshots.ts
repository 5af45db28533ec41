/** Most weight-histogram snapshots a run keeps (the inspector's histogram through time). */
export const MAX_SNAPSHOTS = 200;

/**
 * Snapshots kept evenly over a run of any length: every `stride`-th one that came (by arrival
 * index), plus always the latest. When more than the limit would be kept, the stride doubles.
 */
export interface Snapshots<T> {
  /** Kept snapshots, oldest first. */
  items: T[];
  /** Arrival index of each kept snapshot. */
  indices: number[];
  stride: number;
  /** Snapshots that came so far. */
  seen: number;
}

export const noSnapshots = <T>(): Snapshots<T> => ({ items: [], indices: [], stride: 1, seen: 0 });

/** `s` with `item` added as the latest, thinned to at most `max` (≥ 2) evenly spaced ones. Pure. */
export function addSnapshot<T>(s: Snapshots<T>, item: T, max = MAX_SNAPSHOTS): Snapshots<T> {
  const onStride = (i: number, stride: number) => i % stride === 0;
  // The previous latest was kept only for being the latest: the new one takes its place.
  const tailOff = s.indices.length > 0 && !onStride(s.indices.at(-1)!, s.stride);
  let items = [...(tailOff ? s.items.slice(0, -1) : s.items), item];
  let indices = [...(tailOff ? s.indices.slice(0, -1) : s.indices), s.seen];
  let stride = s.stride;
  while (items.length > max) {
    stride *= 2;
    const last = indices.length - 1;
    const keep = indices.map((i, k) => k === last || onStride(i, stride));
    items = items.filter((_, k) => keep[k]);
    indices = indices.filter((_, k) => keep[k]);
  }
  return { items, indices, stride, seen: s.seen + 1 };
}
