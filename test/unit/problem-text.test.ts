import { describe, expect, test } from 'vitest';
import { MAX_ECHO_CHARS, clip, ignoredParamsNotice, quote } from '../../src/settings/problem-text';

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
