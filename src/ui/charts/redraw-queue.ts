/**
 * One redraw queue for every plot of the lab. A Plotly redraw costs 20-40 ms and one engine event
 * changes up to 7 plots; drawing them all in one animation frame makes a single long main-thread
 * task. Drawing one plot per frame keeps each task to one redraw, so input events and other frames
 * get in between. A plot out of view is not drawn at all: its latest draw waits, parked, until
 * the plot scrolls near the viewport (the full lab is several screens tall, and training updates
 * every plot several times a second). Pure TypeScript so it runs in Node tests with a fake frame
 * source.
 */

export type RequestFrame = (callback: () => void) => unknown;

interface Entry {
  draw: () => unknown;
  label: string;
}

export interface RedrawQueue {
  /**
   * Queue `draw` for `key`; a pending key gets the new draw but keeps its place in line. Each
   * draw's synchronous part is recorded as a User Timing measure `redraw:<label>` (DevTools'
   * Timings lane; the benchmark reads them).
   */
  schedule(key: object, draw: () => unknown, label?: string): void;
  /** Drop the pending or parked draw of `key`, if any (a draw already running is not stopped). */
  cancel(key: object): void;
  /**
   * Whether `key`'s plot is in (or near) view. A hidden plot's draws are parked, latest only, and
   * queued when it shows again. Keys never marked count as shown.
   */
  setVisible(key: object, visible: boolean): void;
  /** How many keys wait for a frame (parked ones not counted). */
  pending(): number;
}

export function createRedrawQueue(requestFrame: RequestFrame): RedrawQueue {
  // A Map keeps insertion order, and `set` on a known key keeps its place: FIFO without
  // starvation, since a plot that updates often cannot jump ahead of the others.
  const queue = new Map<object, Entry>();
  // Latest draw of each hidden plot, queued when it shows; WeakSet: an unmounted plot is forgotten.
  const parked = new Map<object, Entry>();
  const hidden = new WeakSet<object>();
  // True while a frame is requested or a draw is settling: one request outstanding at a time.
  let busy = false;

  function requestNext(): void {
    busy = queue.size > 0;
    if (busy) requestFrame(drawFirst);
  }

  function drawFirst(): void {
    const first = queue.entries().next();
    if (first.done) return requestNext();
    const [key, { draw, label }] = first.value;
    queue.delete(key);
    const start = performance.now();
    const result = runSafely(draw);
    measure(`redraw:${label}`, start);
    afterSettled(result, requestNext);
  }

  function schedule(key: object, draw: () => unknown, label = 'plot'): void {
    if (hidden.has(key)) {
      parked.set(key, { draw, label });
      return;
    }
    queue.set(key, { draw, label });
    if (!busy) requestNext();
  }

  return {
    schedule,
    cancel(key) {
      queue.delete(key);
      parked.delete(key);
    },
    setVisible(key, visible) {
      if (!visible) {
        hidden.add(key);
        const waiting = queue.get(key);
        if (waiting) parked.set(key, waiting);
        queue.delete(key);
        return;
      }
      hidden.delete(key);
      const waiting = parked.get(key);
      parked.delete(key);
      if (waiting) schedule(key, waiting.draw, waiting.label);
    },
    pending: () => queue.size,
  };
}

/** A User Timing measure from `start` to now; skipped where the API is missing. */
function measure(name: string, start: number): void {
  try {
    performance.measure(name, { start, end: performance.now() });
  } catch {
    // No User Timing level 3 (old browser): timing is only a diagnostic.
  }
}

/** A throwing draw must not stop the queue for the other plots. */
function runSafely(draw: () => unknown): unknown {
  try {
    return draw();
  } catch (e) {
    console.error('Plot redraw failed', e);
    return undefined;
  }
}

/** The longest a draw's promise holds the queue: one that never settles must not freeze the plots. */
const SETTLE_LIMIT_MS = 1000;

/** Plotly.react returns a promise: wait for it so the next draw gets a frame of its own. */
function afterSettled(result: unknown, then: () => void): void {
  if (!isThenable(result)) return then();
  let done = false;
  const once = () => {
    if (done) return;
    done = true;
    then();
  };
  const timer = setTimeout(once, SETTLE_LIMIT_MS);
  const settle = () => {
    clearTimeout(timer);
    once();
  };
  void Promise.resolve(result).then(settle, (e: unknown) => {
    console.error('Plot redraw failed', e);
    settle();
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof (value as { then?: unknown } | null)?.then === 'function';
}

/**
 * The queue every plot shares. `requestAnimationFrame` is only read when a frame is requested, so
 * importing this module in Node is safe.
 */
export const redrawQueue: RedrawQueue = createRedrawQueue((cb) => requestAnimationFrame(cb));
