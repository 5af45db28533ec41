import type { PresetDemo } from '../../settings/presets';
import { PLOTS, plotHeadingId } from '../charts/plot-registry';
import { TwinDiffStrip } from '../charts/TwinDiffStrip';
import '../charts/charts.css';

/** The demo's plots side by side, large; the first is the payoff and says so. */
export function DemoPlots({ plots }: { plots: PresetDemo['plots'] }) {
  const shown = plots.filter((id) => id !== undefined);
  return (
    <section className="demo-plots" aria-label="This demo's plots" data-count={shown.length}>
      <TwinDiffStrip />
      <div className="demo-plots-row">
        {shown.map((id, i) => {
          const { title, Chart } = PLOTS[id];
          return (
            <article
              key={id}
              className="plots-cell demo-plot"
              aria-labelledby={plotHeadingId(id)}
              data-plot={id}
            >
              <h3 id={plotHeadingId(id)}>
                {title}
                {i === 0 && <span className="demo-payoff"> · payoff</span>}
              </h3>
              <Chart />
            </article>
          );
        })}
      </div>
    </section>
  );
}
