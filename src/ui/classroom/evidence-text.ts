/** What a finished run shows for a classroom question, and the number formats it is told in. */

/** One measured fact of a run, for the reveal after a classroom question. */
export interface Evidence {
  /** One sentence with this run's numbers, or what is missing when the run lacks the data. */
  text: string;
  /** The headline number (its unit is the evidence's own, see `evidence.ts`), or null if missing. */
  value: number | null;
}

/** Evidence for a run that lacks the data: `text` says what is missing and how to get it. */
export const missing = (text: string): Evidence => ({ text, value: null });

/** A share in [0, 1] as a percentage with `digits` decimals, e.g. "95.8 %". */
export const pct = (share: number, digits = 1): string => `${(100 * share).toFixed(digits)} %`;

/** A difference of shares in [−1, 1] as signed percentage points, e.g. "+0.4 pp", "−0.1 pp". */
export function pp(delta: number): string {
  const text = (100 * Math.abs(delta)).toFixed(1);
  if (text === '0.0') return '±0.0 pp';
  return `${delta > 0 ? '+' : '−'}${text} pp`;
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** Values below this (in magnitude) are written as a power of ten by {@link small}. */
const POWER_BELOW = 1e-4;

/**
 * A number with two significant digits and a true minus sign: plain down to 0.0001
 * ("0.00059", "−0.21"), as a power of ten below that ("1.8 × 10⁻⁷").
 */
export function small(value: number): string {
  if (value === 0 || !Number.isFinite(value)) return String(value);
  const exponent = Math.floor(Math.log10(Math.abs(value)));
  if (Math.abs(value) < POWER_BELOW) {
    const [mantissa, power] = value.toExponential(1).split('e');
    const superscript = [...String(Number(power))].map((c) => SUPERSCRIPT[c] ?? c).join('');
    return `${mantissa!.replace('-', '−')} × 10${superscript}`;
  }
  return value.toFixed(Math.max(0, 1 - exponent)).replace('-', '−');
}

/** The mean of the finite numbers in `values`, or null when there is none. */
export function finiteMean(values: readonly (number | undefined)[]): number | null {
  const finite = values.filter((v): v is number => v !== undefined && Number.isFinite(v));
  return finite.length === 0 ? null : finite.reduce((a, b) => a + b, 0) / finite.length;
}

/** "1 layer", "8 layers". */
export const layers = (count: number): string => `${count} ${count === 1 ? 'layer' : 'layers'}`;

/** The last item of `items` that `keep` accepts, or undefined (Array#findLast is ES2023). */
export function lastWhere<T>(items: readonly T[], keep: (item: T) => boolean): T | undefined {
  for (let i = items.length - 1; i >= 0; i--) if (keep(items[i]!)) return items[i];
  return undefined;
}
