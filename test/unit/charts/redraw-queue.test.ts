import { afterEach, describe, expect, test, vi } from 'vitest';
import { createRedrawQueue } from '../../../src/ui/charts/redraw-queue';

/** A queue on a fake frame source: the test runs the requested frames by hand. */
function setup() {
  const frames: (() => void)[] = [];
  const queue = createRedrawQueue((cb) => frames.push(cb));
  const drawn: string[] = [];
  const draw = (name: string) => () => void drawn.push(name);
  /** Run the one outstanding frame; there must be exactly one. */
  const runFrame = () => {
    expect(frames).toHaveLength(1);
    frames.shift()!();
  };
  return { frames, queue, drawn, draw, runFrame };
}

/** Let settled promises run their callbacks. */
const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

afterEach(() => {
  vi.restoreAllMocks();
});

describe('redraw queue', () => {
  test('requests no frame while nothing is pending', () => {
    const { frames, queue } = setup();
    expect(frames).toHaveLength(0);
    expect(queue.pending()).toBe(0);
  });

  test('draws one plot per frame, first scheduled first', () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    const [a, b, c] = [{}, {}, {}];
    queue.schedule(a, draw('a'));
    queue.schedule(b, draw('b'));
    queue.schedule(c, draw('c'));
    expect(frames).toHaveLength(1);
    expect(queue.pending()).toBe(3);

    runFrame();
    expect(drawn).toEqual(['a']);
    expect(queue.pending()).toBe(2);

    runFrame();
    runFrame();
    expect(drawn).toEqual(['a', 'b', 'c']);
    expect(queue.pending()).toBe(0);
    expect(frames).toHaveLength(0);
  });

  test('rescheduling a pending plot replaces its draw and keeps its place', () => {
    const { queue, drawn, draw, runFrame } = setup();
    const [a, b] = [{}, {}];
    queue.schedule(a, draw('a1'));
    queue.schedule(b, draw('b'));
    queue.schedule(a, draw('a2'));
    expect(queue.pending()).toBe(2);
    runFrame();
    runFrame();
    expect(drawn).toEqual(['a2', 'b']);
  });

  test('a plot updating every frame does not starve the others', () => {
    const { queue, drawn, draw, runFrame } = setup();
    const [a, b, c] = [{}, {}, {}];
    queue.schedule(a, draw('a'));
    queue.schedule(b, draw('b'));
    queue.schedule(c, draw('c'));
    for (let i = 0; i < 3; i++) {
      runFrame();
      queue.schedule(a, draw('a'));
    }
    expect(drawn).toEqual(['a', 'b', 'c']);
  });

  test('cancel drops a pending draw', () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    const [a, b] = [{}, {}];
    queue.schedule(a, draw('a'));
    queue.schedule(b, draw('b'));
    queue.cancel(a);
    expect(queue.pending()).toBe(1);
    runFrame();
    expect(drawn).toEqual(['b']);
    expect(frames).toHaveLength(0);
  });

  test('a frame with everything cancelled draws nothing and requests no more', () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    const a = {};
    queue.schedule(a, draw('a'));
    queue.cancel(a);
    runFrame();
    expect(drawn).toEqual([]);
    expect(frames).toHaveLength(0);
    queue.schedule(a, draw('a'));
    runFrame();
    expect(drawn).toEqual(['a']);
  });

  test('waits for a draw promise to settle before the next frame', async () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    let settle!: () => void;
    const [a, b] = [{}, {}];
    queue.schedule(a, () => new Promise<void>((resolve) => (settle = resolve)));
    queue.schedule(b, draw('b'));
    runFrame();
    await flush();
    expect(frames).toHaveLength(0);
    // A schedule while a draw settles must not request a second frame either.
    queue.schedule(a, draw('a'));
    expect(frames).toHaveLength(0);

    settle();
    await flush();
    runFrame();
    runFrame();
    expect(drawn).toEqual(['b', 'a']);
  });

  test('a rejected draw or a throwing draw does not stop the queue', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    const { queue, drawn, draw, runFrame } = setup();
    const [a, b, c] = [{}, {}, {}];
    queue.schedule(a, () => Promise.reject(new Error('react failed')));
    queue.schedule(b, () => {
      throw new Error('sync failure');
    });
    queue.schedule(c, draw('c'));

    runFrame();
    await flush();
    runFrame();
    runFrame();
    expect(drawn).toEqual(['c']);
    expect(error).toHaveBeenCalledTimes(2);
  });

  test('a draw promise that never settles holds the queue for one second only', () => {
    vi.useFakeTimers();
    try {
      const { frames, queue, drawn, draw, runFrame } = setup();
      const [a, b] = [{}, {}];
      queue.schedule(a, () => new Promise<void>(() => {}));
      queue.schedule(b, draw('b'));
      runFrame();
      vi.advanceTimersByTime(999);
      expect(frames).toHaveLength(0);
      vi.advanceTimersByTime(1);
      runFrame();
      expect(drawn).toEqual(['b']);
    } finally {
      vi.useRealTimers();
    }
  });

  test('records each draw as a User Timing measure named after its plot', () => {
    const { queue, draw, runFrame } = setup();
    performance.clearMeasures();
    queue.schedule({}, draw('a'), 'training-chart');
    queue.schedule({}, draw('b'));
    runFrame();
    runFrame();
    const names = performance.getEntriesByType('measure').map((m) => m.name);
    expect(names).toEqual(['redraw:training-chart', 'redraw:plot']);
  });
});

describe('plots out of view', () => {
  test('a hidden plot is not drawn; its latest draw runs once it shows', () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    const [a, b] = [{}, {}];
    queue.setVisible(a, false);
    queue.schedule(a, draw('a1'));
    queue.schedule(a, draw('a2'));
    expect(frames).toHaveLength(0);
    expect(queue.pending()).toBe(0);
    queue.schedule(b, draw('b'));
    runFrame();
    expect(drawn).toEqual(['b']);

    queue.setVisible(a, true);
    runFrame();
    expect(drawn).toEqual(['b', 'a2']);
    expect(frames).toHaveLength(0);
  });

  test('hiding a plot parks its pending draw; showing it without one draws nothing', () => {
    const { frames, queue, drawn, draw, runFrame } = setup();
    const [a, b] = [{}, {}];
    queue.schedule(a, draw('a'));
    queue.schedule(b, draw('b'));
    queue.setVisible(a, false);
    expect(queue.pending()).toBe(1);
    runFrame();
    expect(drawn).toEqual(['b']);
    queue.setVisible(b, true);
    expect(frames).toHaveLength(0);
    queue.setVisible(a, true);
    runFrame();
    expect(drawn).toEqual(['b', 'a']);
  });

  test('cancel drops a parked draw too', () => {
    const { frames, queue, draw } = setup();
    const a = {};
    queue.setVisible(a, false);
    queue.schedule(a, draw('a'));
    queue.cancel(a);
    queue.setVisible(a, true);
    expect(frames).toHaveLength(0);
  });
});
