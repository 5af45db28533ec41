/**
 * JSON that keeps every JavaScript number: NaN, ±Infinity and -0 (which plain JSON turns into
 * null or 0) are written as `{"$number": "NaN" | "Infinity" | "-Infinity" | "-0"}` and read back.
 */

const SPECIAL = ['NaN', 'Infinity', '-Infinity', '-0'] as const;
type SpecialText = (typeof SPECIAL)[number];

const KEY = '$number';

function encodeNumber(value: number): { [KEY]: SpecialText } | number {
  if (Object.is(value, -0)) return { [KEY]: '-0' };
  if (Number.isFinite(value)) return value;
  return { [KEY]: String(value) as SpecialText };
}

function isSpecial(value: unknown): value is { [KEY]: SpecialText } {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  const text = (value as Record<string, unknown>)[KEY];
  return keys.length === 1 && (SPECIAL as readonly unknown[]).includes(text);
}

/** `JSON.stringify` that keeps NaN, ±Infinity and -0; `indent` as JSON.stringify's `space`. */
export function stringifyExact(value: unknown, indent?: number): string {
  return JSON.stringify(
    value,
    (_key, v: unknown) => (typeof v === 'number' ? encodeNumber(v) : v),
    indent,
  );
}

/** `JSON.parse` that reads back what {@link stringifyExact} wrote. Throws on invalid JSON. */
export function parseExact(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => (isSpecial(v) ? Number(v[KEY]) : v));
}
