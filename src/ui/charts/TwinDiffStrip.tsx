import { useMemo } from 'react';
import { useLab } from '../../store/lab-store';
import {
  deltaDirection,
  deltaPoints,
  formatDelta,
  formatPercent,
  twinDiffRows,
} from './series/twin-diff';

/**
 * B − A at a glance while the twin is on: test accuracy of the float model and of every PTQ point
 * both runs' latest sweeps measured, A and B in %, and the signed difference in percentage points.
 */
export function TwinDiffStrip() {
  const on = useLab((s) => s.twin.on);
  const a = useLab((s) => s.run.ptq);
  const b = useLab((s) => s.runB.ptq);
  const rows = useMemo(() => twinDiffRows(a, b), [a, b]);
  if (!on) return null;
  return (
    <section className="twin-diff" data-testid="twin-diff" aria-labelledby="twin-diff-heading">
      <h3 id="twin-diff-heading" className="twin-diff-heading">
        B − A: accuracy after quantization
      </h3>
      {rows.length === 0 ? (
        <p className="twin-diff-empty" data-testid="twin-diff-empty">
          Run a PTQ sweep in both runs to compare them bit width by bit width.
        </p>
      ) : (
        <ul className="twin-diff-cells">
          {rows.map((row) => {
            const direction = deltaDirection(row.delta);
            return (
              <li
                key={row.label}
                className={`twin-diff-cell twin-diff-${direction}`}
                data-testid={`twin-diff-${row.label}`}
                data-delta={deltaPoints(row.delta).toFixed(1)}
              >
                <span className="twin-diff-label">{row.label}</span>
                <span className="twin-diff-values">
                  A {formatPercent(row.a)} · B {formatPercent(row.b)}
                </span>
                <span className="twin-diff-delta">{formatDelta(row.delta)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}
