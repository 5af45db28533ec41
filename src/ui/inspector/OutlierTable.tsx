import type { LayerOutliers } from '../../engine/protocol';

/** The opened layer's largest weights by |w|: value, |w|/std, channel and position. */
export function OutlierTable({ layer }: { layer: LayerOutliers }) {
  return (
    <table className="data-table" data-testid="outlier-table">
      <caption>
        Largest weights of {layer.name} (kernel [{layer.shape.join(', ')}], std{' '}
        {layer.std.toPrecision(3)})
      </caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">w</th>
          <th scope="col">|w| / std</th>
          <th scope="col">channel</th>
          <th scope="col">position</th>
        </tr>
      </thead>
      <tbody>
        {layer.top.map((w, i) => (
          <tr key={i}>
            <td>{i + 1}</td>
            <td>{w.value.toPrecision(3)}</td>
            <td>{(Math.abs(w.value) / layer.std).toFixed(2)}</td>
            <td>{w.channel}</td>
            <td>[{w.coords.join(', ')}]</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
