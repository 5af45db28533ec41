import { formatMetric } from '../../sweep/sweep-metrics';
import { valueName } from '../../store/sweep/sweep-names';
import type { SweepView } from './use-sweep-view';
import { versusText } from './versus-text';

/**
 * Per knob value: mean ± std over its seeds (n), the diverged and missing runs, and the value
 * against the baseline value, paired by seed, by the paper-check's rule: "beyond noise" when the
 * 95 % interval of the differences excludes 0 by at least the metric's resolution.
 */
export function SweepTable({ view }: { view: SweepView }) {
  const { rows, metric, spec, baseline } = view;
  const baseRow = rows.find((r) => r.valueIndex === baseline);
  return (
    <table className="data-table sweep-table" data-testid="sweep-table">
      <caption>
        {metric.label}; each value against the baseline{' '}
        {baseRow ? valueName(spec, baseRow.value) : ''} (recipe A’s own value, else the first).
      </caption>
      <thead>
        <tr>
          <th scope="col">Value</th>
          <th scope="col">Mean ± std (n)</th>
          <th scope="col">Diverged</th>
          <th scope="col">Not run yet</th>
          <th scope="col">Against the baseline (95 % interval)</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.valueIndex} data-verdict={row.versus?.verdict ?? 'baseline'}>
            <th scope="row">{String(row.value)}</th>
            <td>
              {formatMetric(metric, row.mean)} ± {formatMetric(metric, row.std)} (
              {row.points.length})
            </td>
            <td>{row.diverged.length}</td>
            <td>{row.pending}</td>
            <td>{versusText(metric, row.versus)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
