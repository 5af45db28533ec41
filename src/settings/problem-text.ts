/**
 * How the link decoders echo what a user pasted: cut short and quoted, as plain data, so a 10 kB
 * value or a script tag can never flood or inject into a notice.
 */

/** Longest raw text a problem message echoes back, ellipsis included (characters). */
export const MAX_ECHO_CHARS = 40;

/** How many unknown parameter names a notice lists before "and N more". */
const MAX_LISTED_NAMES = 3;

/** Longest parameter name a notice echoes (characters). */
const MAX_NAME_CHARS = 20;

/**
 * Bidirectional and invisible format characters (U+061C, U+200B–U+200F, U+202A–U+202E,
 * U+2060–U+2069, U+FEFF): a right-to-left override in a pasted value would otherwise reverse
 * the rest of the notice around it. Each is shown as U+FFFD instead, so the user sees that
 * something was there.
 */
const FORMAT_CHARS = /[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]/g;

/** `raw` with every bidi/format control character replaced by U+FFFD. */
export function withoutFormatChars(raw: string): string {
  return raw.replace(FORMAT_CHARS, '\ufffd');
}

/**
 * `raw` with its format characters made visible ({@link withoutFormatChars}), cut to at most
 * {@link MAX_ECHO_CHARS} characters, ending in '…' when it was cut.
 */
export function clip(raw: string, max = MAX_ECHO_CHARS): string {
  const chars = Array.from(withoutFormatChars(raw)); // by code point: never splits a pair
  return chars.length <= max ? chars.join('') : `${chars.slice(0, max - 1).join('')}…`;
}

/** `raw` clipped and in double quotes, the quotes counted in {@link MAX_ECHO_CHARS}. */
export function quote(raw: string): string {
  return `"${clip(raw, MAX_ECHO_CHARS - 2)}"`;
}

/**
 * One sentence naming ignored parameters, a few of them each cut short (`Ignored <what>: a, b, c
 * and 2 more.`), or null when there are none. `what` says which, e.g. `unknown link parameters`.
 */
export function ignoredParamsNotice(what: string, names: readonly string[]): string | null {
  if (names.length === 0) return null;
  const shown = names.slice(0, MAX_LISTED_NAMES).map((name) => clip(name, MAX_NAME_CHARS));
  const more = names.length - shown.length;
  return `Ignored ${what}: ${shown.join(', ')}${more > 0 ? ` and ${more} more` : ''}.`;
}
