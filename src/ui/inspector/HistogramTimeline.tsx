import { useEffect, useMemo, useRef, useState } from 'react';
import { RUN_KEY, useLab, type Slot } from '../../store/lab-store';
import { Plot } from '../charts/Plot';
import { histogramFigure } from '../charts/traces/histogram';
import { pickSnapshot } from './timeline';

/** Time between frames while playing. */
const PLAY_FRAME_MS = 400;

/**
 * The opened layer's weight histogram through the run: one snapshot per test evaluation (at most
 * 200, thinned evenly), a scrubber and a play button. The step shown is the link's `at=`; without
 * it the latest is shown and follows a live run.
 */
export function HistogramTimeline({ slot, layer }: { slot: Slot; layer: string }) {
  const snapshots = useLab((s) => s[RUN_KEY[slot]].layerHistograms.items);
  const hasHistogram = useLab((s) => s[RUN_KEY[slot]].histogram !== null);
  const at = useLab((s) => s.view.at);
  const setView = useLab((s) => s.setView);
  const [playing, setPlaying] = useState(false);
  const frames = useMemo(
    () =>
      snapshots.flatMap((e) => {
        const h = e.layers.find((l) => l.layer === layer);
        return h ? [{ type: 'histogram' as const, step: e.step, ...h }] : [];
      }),
    [snapshots, layer],
  );
  const steps = frames.map((f) => f.step);
  const pick = frames.length ? pickSnapshot(steps, at) : null;
  const frame = pick ? frames[pick.index]! : null;
  const figure = useMemo(() => histogramFigure(frame), [frame]);
  const showStep = (step: number | undefined) => {
    const view = { ...useLab.getState().view };
    if (step === undefined) delete view.at;
    else view.at = step;
    setView(view);
  };
  usePlayback(playing, pick?.index ?? 0, steps, showStep, () => setPlaying(false));
  if (!frame || !pick) {
    return (
      <p className="hint-muted" data-testid={`histogram-timeline-${slot}`}>
        {hasHistogram
          ? 'This run was recorded before the lab kept histograms over time.'
          : "The histograms over time fill at the run's first test evaluation."}
      </p>
    );
  }
  const last = frames.length - 1;
  return (
    <div className="histogram-timeline" data-testid={`histogram-timeline-${slot}`}>
      {pick.notice && (
        <p role="status" className="notice-inline" data-testid="timeline-notice">
          {pick.notice}
        </p>
      )}
      <div className="timeline-controls">
        <button
          type="button"
          aria-pressed={playing}
          onClick={() => {
            if (!playing && pick.index === last) showStep(steps[0]);
            setPlaying(!playing);
          }}
        >
          {playing ? 'Pause' : 'Play'}
        </button>
        <label>
          Step {frame.step}{' '}
          <input
            type="range"
            aria-label={`Step of ${layer}'s histogram${slot === 'b' ? ' (B)' : ''}`}
            min={0}
            max={last}
            value={pick.index}
            aria-valuetext={`step ${frame.step}`}
            onChange={(e) => showStep(steps[Number(e.target.value)])}
          />
        </label>
        <button type="button" onClick={() => showStep(undefined)} disabled={at === undefined}>
          Latest
        </button>
        <span className="hint-muted">
          {frames.length} snapshots, steps {steps[0]}–{steps[last]}
        </span>
      </div>
      <Plot testId="inspector-histogram" figure={figure} empty="No histogram yet." size="short" />
    </div>
  );
}

/** While `playing`, show the next snapshot every frame; stop at the last one. */
function usePlayback(
  playing: boolean,
  index: number,
  steps: readonly number[],
  show: (step: number) => void,
  stop: () => void,
): void {
  // The latest callbacks and steps, so a live run's re-renders do not restart the frame timer.
  const latest = useRef({ steps, show, stop });
  useEffect(() => {
    latest.current = { steps, show, stop };
  });
  const count = steps.length;
  useEffect(() => {
    if (!playing) return;
    if (index >= count - 1) {
      latest.current.stop();
      return;
    }
    const timer = setTimeout(
      () => latest.current.show(latest.current.steps[index + 1]!),
      PLAY_FRAME_MS,
    );
    return () => clearTimeout(timer);
  }, [playing, index, count]);
}
