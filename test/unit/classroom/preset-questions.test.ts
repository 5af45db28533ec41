import { describe, expect, test } from 'vitest';
import {
  EVIDENCE_IDS,
  PRESET_QUESTIONS,
  questionFor,
} from '../../../src/settings/preset-questions';
import { PRESETS } from '../../../src/settings/presets';

/** Sentences of a text: a stop, then a space and a capital (decimals and "±" do not split). */
const sentences = (text: string) => text.split(/(?<=[.!?])\s+(?=[A-Z])/);

describe('preset questions', () => {
  test('every preset has exactly one question, and there is none for an unknown id', () => {
    const presetIds = PRESETS.map((p) => p.id).sort();
    expect(Object.keys(PRESET_QUESTIONS).sort()).toEqual(presetIds);
    for (const id of presetIds) expect(questionFor(id)).toBe(PRESET_QUESTIONS[id]);
    expect(questionFor('no-such-preset')).toBeNull();
    expect(questionFor('toString')).toBeNull(); // not an inherited property
  });

  test.each(Object.entries(PRESET_QUESTIONS))('%s: 3–4 distinct choices, one answer', (_, q) => {
    expect(q.prompt.trim()).toMatch(/\?$/);
    expect(q.choices.length).toBeGreaterThanOrEqual(3);
    expect(q.choices.length).toBeLessThanOrEqual(4);
    expect(new Set(q.choices).size).toBe(q.choices.length);
    for (const c of q.choices) expect(c.trim().length).toBeGreaterThan(0);
    expect(Number.isInteger(q.answer)).toBe(true);
    expect(q.answer).toBeGreaterThanOrEqual(0);
    expect(q.answer).toBeLessThan(q.choices.length);
  });

  test.each(Object.entries(PRESET_QUESTIONS))('%s: 1–2 sentences of explanation', (_, q) => {
    const count = sentences(q.explanation.trim()).length;
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(2);
    expect(EVIDENCE_IDS).toContain(q.evidence);
  });

  test('the answers say so where the lab measured a difference within seed noise', () => {
    const withinNoise = ['lsq-plus-swish-w4a4', 'dampening-w3'];
    for (const id of withinNoise) {
      const q = PRESET_QUESTIONS[id]!;
      expect(`${q.choices[q.answer]} ${q.explanation}`).toMatch(/noise|measurable/);
    }
  });
});
