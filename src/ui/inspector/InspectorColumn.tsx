import { useMemo } from 'react';
import { RUN_KEY, useLab, type Slot } from '../../store/lab-store';
import { Plot } from '../charts/Plot';
import { HistogramTimeline } from './HistogramTimeline';
import { channelRangeFigure, sqnrFigure } from './inspector-figures';
import { OutlierTable } from './OutlierTable';

/**
 * One run's figures of the opened layer: its histogram through time, SQNR against the width,
 * largest weights and channel ranges. With the twin on, A and B each get a column, side by side.
 */
export function InspectorColumn({
  slot,
  layer,
  twin,
}: {
  slot: Slot;
  layer: string;
  twin: boolean;
}) {
  const sqnr = useLab((s) => s[RUN_KEY[slot]].layerSqnr);
  const outliers = useLab((s) => s[RUN_KEY[slot]].layerOutliers);
  const layerSqnr = sqnr?.layers.find((l) => l.name === layer);
  const layerOutliers = outliers?.layers.find((l) => l.name === layer);
  const sqnrFig = useMemo(
    () => (layerSqnr && sqnr ? sqnrFigure(layerSqnr, sqnr.quantizers, sqnr.bits) : null),
    [layerSqnr, sqnr],
  );
  const rangeFig = useMemo(
    () => (layerOutliers ? channelRangeFigure(layerOutliers) : null),
    [layerOutliers],
  );
  const id = (name: string) => (slot === 'a' ? name : `${name}-b`);
  return (
    <div className="inspector-column" data-testid={id('inspector-column')}>
      {twin && <h3>{slot === 'a' ? 'A' : 'B'}</h3>}
      <HistogramTimeline slot={slot} layer={layer} />
      {sqnrFig ? (
        <Plot testId={id('inspector-sqnr')} figure={sqnrFig} empty="No SQNR yet." size="short" />
      ) : (
        <p className="hint-muted">No figures of {layer} yet.</p>
      )}
      {layerOutliers && <OutlierTable layer={layerOutliers} />}
      {rangeFig && (
        <Plot
          testId={id('inspector-channels')}
          figure={rangeFig}
          empty="No weights yet."
          size="short"
        />
      )}
    </div>
  );
}
