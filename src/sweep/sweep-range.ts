/**
 * Evenly spaced knob values for a sweep (linear or logarithmic), checked against the knob's own
 * spec. Pure; nothing is clamped: a range that leaves the spec is a problem, not a fixed range.
 */
import { SETTINGS, type NumberSpec, type SettingKey } from '../settings/schema';
import { describeAllowed, valueProblem } from '../settings/spec-check';

/** Fewest and most points one range may have (the most is one run per point at one seed). */
export const MIN_RANGE_POINTS = 2;
export const MAX_RANGE_POINTS = 64;

/** Interior points are cut to this many significant digits, so 0.1 stays 0.1, not 0.1000…02. */
const SIGNIFICANT_DIGITS = 12;

/** A range's values, or one plain sentence saying why there are none. */
export type RangeResult = { values: number[] } | { problem: string };

/** `points` values from `from` to `to` (both included), evenly spaced. */
export function linearRange(
  key: SettingKey,
  from: number,
  to: number,
  points: number,
): RangeResult {
  return range(key, from, to, points, 'linear');
}

/** `points` values from `from` to `to` (both included), evenly spaced on a log axis; both > 0. */
export function logRange(key: SettingKey, from: number, to: number, points: number): RangeResult {
  return range(key, from, to, points, 'log');
}

type Spacing = 'linear' | 'log';

function range(
  key: SettingKey,
  from: number,
  to: number,
  points: number,
  spacing: Spacing,
): RangeResult {
  const spec = SETTINGS[key];
  if (spec.kind !== 'number') {
    return { problem: `${spec.label} takes options (${describeAllowed(spec)}), not a range.` };
  }
  const problem = rangeProblem(spec, from, to, points, spacing);
  if (problem) return { problem: `${spec.label}: ${problem}.` };
  const raw = Array.from({ length: points }, (_, i) => point(from, to, i / (points - 1), spacing));
  const values = raw.map((v, i) => (i === 0 ? from : i === points - 1 ? to : tidy(v, spec)));
  return { values: [...new Set(values)] };
}

/** Why the endpoints or the point count cannot make a range, or null. */
function rangeProblem(
  spec: NumberSpec,
  from: number,
  to: number,
  points: number,
  spacing: Spacing,
): string | null {
  if (!Number.isInteger(points) || points < MIN_RANGE_POINTS || points > MAX_RANGE_POINTS) {
    return `the number of points must be a whole number in ${MIN_RANGE_POINTS}..${MAX_RANGE_POINTS}, not ${points}`;
  }
  const endpoint = valueProblem(spec, from) ?? valueProblem(spec, to);
  if (endpoint) return endpoint;
  if (from === to) return `the range is empty: from and to are both ${from}`;
  if (spacing === 'log' && (from <= 0 || to <= 0)) {
    return 'a log range needs from and to above 0';
  }
  return null;
}

/** The point a fraction `t` of the way from `from` to `to`. */
function point(from: number, to: number, t: number, spacing: Spacing): number {
  return spacing === 'log' ? from * (to / from) ** t : from * (1 - t) + to * t;
}

/** An interior point rounded for its spec: whole numbers for integer specs, else 12 digits. */
function tidy(value: number, spec: NumberSpec): number {
  return spec.integer ? Math.round(value) : Number(value.toPrecision(SIGNIFICANT_DIGITS));
}
