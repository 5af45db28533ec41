/**
 * Whether one raw value fits one setting's spec, defined once. The URL decoder clamps with it,
 * the headless runner rejects with it (every problem, nothing fixed) and the engine's protocol
 * validates with its zod form, so the three cannot disagree on what a setting allows.
 * Types only from the table, so `schema.ts` can re-export {@link clampNumber} without a cycle.
 */
import { z } from 'zod';
import type { NumberSpec, SettingSpec } from './schema';

/** A spec's allowed values in words, e.g. `1..512, whole numbers` or `adam, momentum`. */
export function describeAllowed(spec: SettingSpec): string {
  if (spec.kind === 'enum') return spec.options.map((o) => o.value).join(', ');
  return `${spec.min}..${spec.max}${spec.integer ? ', whole numbers' : ''}`;
}

/** Clamp a number into a numeric spec's range (NaN falls back to the default). */
export function clampNumber(spec: NumberSpec, value: number): number {
  if (!Number.isFinite(value)) return spec.default;
  const v = spec.integer ? Math.round(value) : value;
  return Math.min(spec.max, Math.max(spec.min, v));
}

/**
 * Text read as a number the way links spell it (`Number`, so `1e3` and ` 16 ` count), or null when
 * it is not a finite number. Blank text is null, not 0.
 */
export function numberFromText(raw: string): number | null {
  const value = raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) ? value : null;
}

/** Why a value (as JSON holds it) does not fit a spec, or null when it does. Nothing is fixed. */
export function valueProblem(spec: SettingSpec, raw: unknown): string | null {
  const allowed = `allowed: ${describeAllowed(spec)}`;
  if (spec.kind === 'enum') {
    if (typeof raw !== 'string') return `expected a string (${allowed}), got ${describeValue(raw)}`;
    return spec.options.some((o) => o.value === raw)
      ? null
      : `"${raw}" is not allowed (${allowed})`;
  }
  if (typeof raw !== 'number') return `expected a number (${allowed}), got ${describeValue(raw)}`;
  // Written so that NaN, which no JSON holds but a caller might pass, is out of range too.
  if (!(raw >= spec.min && raw <= spec.max)) return `${raw} is out of range (${allowed})`;
  if (spec.integer && !Number.isInteger(raw)) return `${raw} is not a whole number (${allowed})`;
  return null;
}

/** Like {@link valueProblem} for a value given as text (a query string, a command-line flag). */
export function textProblem(spec: SettingSpec, raw: string): string | null {
  if (spec.kind === 'enum') return valueProblem(spec, raw);
  const value = numberFromText(raw);
  if (value !== null) return valueProblem(spec, value);
  return `${JSON.stringify(raw.slice(0, 40))} is not a number (allowed: ${describeAllowed(spec)})`;
}

/** A value's type and a short sample of it, for messages: `string "32"`, `null`, `an array`. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)?.slice(0, 40)}`;
}

/** The zod schema of one option list's values. */
export const enumSchema = <T extends string>(options: readonly { value: T }[]) =>
  z.enum(options.map((o) => o.value) as [T, ...T[]]);

/** The zod schema of one spec's values: the same rules as {@link valueProblem}. */
export function specSchema(spec: SettingSpec): z.ZodType {
  if (spec.kind === 'enum') return enumSchema(spec.options);
  const n = z.number().min(spec.min).max(spec.max);
  return spec.integer ? n.int() : n;
}
