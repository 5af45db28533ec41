/** A value against the baseline in words, with the paired interval. Pure. */
import type { VersusBaseline } from '../../sweep/aggregate';
import { formatMetric, type SweepMetric } from '../../sweep/sweep-metrics';

/** A signed difference in the metric's format: "+1.2%", "−0.031". */
export function signed(metric: SweepMetric, x: number): string {
  const text = formatMetric(metric, Math.abs(x));
  if (!Number.isFinite(x) || text === formatMetric(metric, 0)) return text;
  return `${x < 0 ? '−' : '+'}${text}`;
}

/** "beyond noise: +1.2% [+0.4%, +2.0%] over 3 seeds", or why there is no verdict yet. */
export function versusText(metric: SweepMetric, versus: VersusBaseline | null): string {
  if (versus === null) return 'baseline';
  const { difference: d, pairs, verdict } = versus;
  const seeds = `${pairs} seed${pairs === 1 ? '' : 's'}`;
  if (!Number.isFinite(d.low)) return `${verdict} (${seeds} paired)`;
  return `${verdict}: ${signed(metric, d.mean)} [${signed(metric, d.low)}, ${signed(metric, d.high)}] over ${seeds}`;
}
