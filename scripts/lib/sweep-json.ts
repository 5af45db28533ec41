/**
 * JSON that keeps every number: NaN and ±Infinity are written as the strings "NaN", "Infinity"
 * and "-Infinity" and read back as numbers. A run summary holds NaN for what a run did not
 * report (a diverged run's accuracy), so a summary read back from a worker or from the runs file
 * equals the one the engine made (plain JSON would turn NaN into null).
 */
import type { LineCodec } from './child-pool';

const NON_FINITE = new Map<string, number>([
  ['NaN', NaN],
  ['Infinity', Infinity],
  ['-Infinity', -Infinity],
]);

/** `value` as JSON, non-finite numbers as their names; `space` as JSON.stringify's. */
export function toExactJson(value: unknown, space?: number): string {
  return JSON.stringify(
    value,
    (_key, x: unknown) => (typeof x === 'number' && !Number.isFinite(x) ? String(x) : x),
    space,
  );
}

/** Parse {@link toExactJson}'s text. */
export function fromExactJson(text: string): unknown {
  return JSON.parse(text, (_key, x: unknown) =>
    typeof x === 'string' && NON_FINITE.has(x) ? NON_FINITE.get(x) : x,
  ) as unknown;
}

/** The codec of the sweep's child workers. */
export const EXACT_JSON: LineCodec = { stringify: toExactJson, parse: fromExactJson };
