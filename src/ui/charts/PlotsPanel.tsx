import { useLab } from '../../store/lab-store';
import { PLOT_IDS } from '../../settings/plot-ids';
import './charts.css';
import { PLOTS, plotHeadingId } from './plot-registry';
import { TwinDiffStrip } from './TwinDiffStrip';

/** The caption over the plots while twin B trains beside A. */
export const TWIN_CAPTION =
  "A solid, B dashed: every plot overlays twin B in the same colours (B dash-dotted where A is dotted; open markers, outlined bars). A click on a layer's line or legend entry opens that layer in the layer inspector, A and B side by side.";

/**
 * The lab's six live plots in a responsive grid, with the twin's caption and B − A strip on top
 * while the twin is on. The panel reads only the twin switch from the store: each chart selects
 * only its own slice, so an engine event redraws only the charts it changes.
 */
export function PlotsPanel() {
  const twinOn = useLab((s) => s.twin.on);
  return (
    <section className="plots-panel" aria-labelledby="plots-heading">
      <h2 id="plots-heading" className="plots-heading">
        Live plots
      </h2>
      {twinOn ? (
        <p className="twin-caption" data-testid="twin-caption">
          {TWIN_CAPTION}
        </p>
      ) : null}
      <TwinDiffStrip />
      <div className="plots-grid">
        {PLOT_IDS.map((id) => {
          const { title, Chart } = PLOTS[id];
          return (
            <article key={id} className="plots-cell" aria-labelledby={plotHeadingId(id)}>
              <h3 id={plotHeadingId(id)}>{title}</h3>
              <Chart />
            </article>
          );
        })}
      </div>
    </section>
  );
}
