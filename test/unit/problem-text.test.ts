import { describe, expect, test } from 'vitest';
import {
  MAX_ECHO_CHARS,
  clip,
  ignoredParamsNotice,
  quote,
  withoutFormatChars,
} from '../../src/settings/problem-text';

describe('clip and quote', () => {
  test('clip keeps short text and cuts long text to the limit, ellipsis included', () => {
    expect(MAX_ECHO_CHARS).toBe(40);
    expect(clip('short')).toBe('short');
    expect(clip('x'.repeat(40))).toBe('x'.repeat(40));
    expect(clip('x'.repeat(41))).toBe(`${'x'.repeat(39)}…`);
    expect(clip('abcdef', 4)).toBe('abc…');
    expect(clip('😀😀😀😀😀', 3)).toBe('😀😀…');
  });

  test('quote counts its quotes in the limit and echoes markup as text', () => {
    expect(quote('<b>')).toBe('"<b>"');
    expect(quote('')).toBe('""');
    expect(quote('x'.repeat(50))).toBe(`"${'x'.repeat(37)}…"`);
    expect(quote('x'.repeat(50))).toHaveLength(40);
  });
});

describe('format characters', () => {
  test('a right-to-left override or other bidi control never reaches a notice', () => {
    const rlo = '\u202e';
    expect(withoutFormatChars(`a${rlo}bc`)).toBe('a\ufffdbc');
    expect(quote(`evil${rlo}txt.exe`)).toBe('"evil\ufffdtxt.exe"');
    const controls = ['\u061c', '\u200e', '\u200f', '\u202a', '\u2066', '\u2069', '\ufeff'];
    for (const c of controls) expect(clip(`x${c}y`)).toBe('x\ufffdy');
    expect(ignoredParamsNotice('things', [`n${rlo}`])).toBe('Ignored things: n\ufffd.');
  });

  test('ordinary right-to-left text is kept', () => {
    expect(clip('שלום')).toBe('שלום');
  });
});

describe('ignoredParamsNotice', () => {
  test('null when nothing was ignored', () => {
    expect(ignoredParamsNotice('unknown link parameters', [])).toBeNull();
  });

  test('one sentence with up to three names, each cut to 20 characters', () => {
    expect(ignoredParamsNotice('unknown twin parameters', ['b.zzz'])).toBe(
      'Ignored unknown twin parameters: b.zzz.',
    );
    expect(ignoredParamsNotice('things', ['a', 'b', 'c'])).toBe('Ignored things: a, b, c.');
    expect(ignoredParamsNotice('things', ['a', 'b', 'c', 'd', 'e'])).toBe(
      'Ignored things: a, b, c and 2 more.',
    );
    expect(ignoredParamsNotice('things', ['z'.repeat(5000)])).toBe(
      `Ignored things: ${'z'.repeat(19)}….`,
    );
  });
});
