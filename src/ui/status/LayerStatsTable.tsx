import { openInspector } from '../inspector/open-inspector';
import { useLab } from '../../store/lab-store';

/** Kernel shape per weight layer: kurtosis (3 Gaussian, 1.8 uniform) and max|w|/std (outliers). */
export function LayerStatsTable() {
  const stats = useLab((s) => s.run.layerStats);
  if (!stats) return null;
  return (
    <table className="data-table" data-testid="layer-stats">
      <caption>Weights per layer at step {stats.step}</caption>
      <thead>
        <tr>
          <th scope="col">Layer</th>
          <th scope="col">Kind</th>
          <th scope="col">Kurtosis</th>
          <th scope="col">max|w| / std</th>
        </tr>
      </thead>
      <tbody>
        {stats.layers.map((l) => (
          <tr key={l.name}>
            <th scope="row">
              <button
                type="button"
                className="link-button"
                title={`Open ${l.name} in the layer inspector`}
                onClick={() => openInspector(l.name)}
              >
                {l.name}
              </button>
            </th>
            <td>{l.kind}</td>
            <td>{l.kurtosis.toFixed(2)}</td>
            <td>{(l.maxAbs / l.std).toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
