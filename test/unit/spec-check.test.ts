import { describe, expect, test } from 'vitest';
import { recipeSchema } from '../../src/settings/recipe-schema';
import {
  SETTINGS,
  SETTING_KEYS,
  SETTING_PARAMS,
  defaultRecipe,
  settingKeyOfParam,
} from '../../src/settings/schema';
import {
  clampNumber,
  describeAllowed,
  describeValue,
  numberFromText,
  specSchema,
  textProblem,
  valueProblem,
} from '../../src/settings/spec-check';

const { batchSize, learningRate, optimizer, qat, seed, steps } = SETTINGS;

describe('describeAllowed', () => {
  test('a range, with "whole numbers" only for integer settings; options in table order', () => {
    expect(describeAllowed(batchSize)).toBe('1..512, whole numbers');
    expect(describeAllowed(learningRate)).toBe('0.00001..10');
    expect(describeAllowed(SETTINGS.wBits)).toBe('2..8, whole numbers');
    expect(describeAllowed(optimizer)).toBe('adam, momentum');
    expect(describeAllowed(qat)).toBe('off, lsq, lsq+');
  });
});

describe('clampNumber', () => {
  test('clamps into range, rounds whole-number settings, and non-finite gives the default', () => {
    expect(clampNumber(batchSize, 31.6)).toBe(32);
    expect(clampNumber(batchSize, 1000)).toBe(512);
    expect(clampNumber(batchSize, -5)).toBe(1);
    expect(clampNumber(batchSize, NaN)).toBe(64);
    expect(clampNumber(batchSize, Infinity)).toBe(64);
    expect(clampNumber(learningRate, 0.0125)).toBe(0.0125);
    expect(clampNumber(learningRate, 20)).toBe(10);
  });
});

describe('numberFromText', () => {
  test('reads what Number reads, but blank and non-finite text are null', () => {
    expect(numberFromText('16')).toBe(16);
    expect(numberFromText(' 16 ')).toBe(16);
    expect(numberFromText('1e3')).toBe(1000);
    expect(numberFromText('0x10')).toBe(16);
    expect(Object.is(numberFromText('-0'), -0)).toBe(true);
    for (const bad of ['', '  ', 'abc', '12abc', 'NaN', 'Infinity', '1e309', '3.5.1']) {
      expect(numberFromText(bad), bad).toBeNull();
    }
  });
});

describe('valueProblem (strict: every problem named, nothing fixed)', () => {
  test('values that fit have no problem', () => {
    expect(valueProblem(batchSize, 32)).toBeNull();
    expect(valueProblem(learningRate, 2.5)).toBeNull();
    expect(valueProblem(qat, 'lsq+')).toBeNull();
  });

  test('each kind of misfit has its own sentence, with what is allowed', () => {
    expect(valueProblem(batchSize, '32')).toBe(
      'expected a number (allowed: 1..512, whole numbers), got string "32"',
    );
    expect(valueProblem(batchSize, 1000)).toBe(
      '1000 is out of range (allowed: 1..512, whole numbers)',
    );
    expect(valueProblem(seed, 1.5)).toBe(
      '1.5 is not a whole number (allowed: 0..2147483647, whole numbers)',
    );
    expect(valueProblem(optimizer, 'sgd')).toBe('"sgd" is not allowed (allowed: adam, momentum)');
    expect(valueProblem(optimizer, 1)).toBe(
      'expected a string (allowed: adam, momentum), got number 1',
    );
    expect(valueProblem(optimizer, null)).toBe(
      'expected a string (allowed: adam, momentum), got null',
    );
  });

  test('NaN is out of range, even where whole numbers are not asked for', () => {
    expect(valueProblem(learningRate, NaN)).toBe('NaN is out of range (allowed: 0.00001..10)');
    expect(valueProblem(batchSize, NaN)).toBe(
      'NaN is out of range (allowed: 1..512, whole numbers)',
    );
  });
});

describe('textProblem', () => {
  test('numbers are read from text as links spell them, then checked strictly', () => {
    expect(textProblem(steps, '20')).toBeNull();
    expect(textProblem(steps, ' 16 ')).toBeNull();
    expect(textProblem(steps, '2.5')).toBe(
      '2.5 is not a whole number (allowed: 1..100000, whole numbers)',
    );
    expect(textProblem(steps, '0')).toBe('0 is out of range (allowed: 1..100000, whole numbers)');
    expect(textProblem(steps, 'ten')).toBe(
      '"ten" is not a number (allowed: 1..100000, whole numbers)',
    );
    expect(textProblem(steps, '')).toBe('"" is not a number (allowed: 1..100000, whole numbers)');
  });

  test('enum text is checked as it is; long text is echoed cut to 40 characters', () => {
    expect(textProblem(optimizer, 'momentum')).toBeNull();
    expect(textProblem(optimizer, 'Adam')).toBe('"Adam" is not allowed (allowed: adam, momentum)');
    expect(textProblem(steps, 'x'.repeat(100))).toBe(
      `"${'x'.repeat(40)}" is not a number (allowed: 1..100000, whole numbers)`,
    );
  });
});

describe('describeValue', () => {
  test('names the type and a short sample', () => {
    expect(describeValue(null)).toBe('null');
    expect(describeValue([1])).toBe('an array');
    expect(describeValue({ a: 1 })).toBe('an object');
    expect(describeValue('32')).toBe('string "32"');
    expect(describeValue(true)).toBe('boolean true');
    expect(describeValue('y'.repeat(100))).toBe(`string "${'y'.repeat(39)}`);
  });
});

describe('specSchema', () => {
  const ok = (schema: ReturnType<typeof specSchema>, value: unknown) =>
    schema.safeParse(value).success;

  test('accepts exactly what fits', () => {
    expect(ok(specSchema(batchSize), 32)).toBe(true);
    expect(ok(specSchema(batchSize), 0)).toBe(false);
    expect(ok(specSchema(batchSize), 2.5)).toBe(false);
    expect(ok(specSchema(batchSize), '32')).toBe(false);
    expect(ok(specSchema(learningRate), 2.5)).toBe(true);
    expect(ok(specSchema(qat), 'lsq+')).toBe(true);
    expect(ok(specSchema(qat), 'LSQ')).toBe(false);
  });

  test('agrees with valueProblem on every setting, at and around its limits', () => {
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      const candidates: unknown[] =
        spec.kind === 'enum'
          ? [...spec.options.map((o) => o.value), 'not-an-option', 1, null]
          : [
              spec.min,
              spec.max,
              spec.default,
              spec.min - 1,
              spec.max + 1,
              spec.min + 0.5,
              NaN,
              '1',
            ];
      for (const value of candidates) {
        expect(ok(specSchema(spec), value), `${key}=${String(value)}`).toBe(
          valueProblem(spec, value) === null,
        );
      }
    }
  });
});

describe('recipeSchema', () => {
  test('accepts the defaults and a changed recipe', () => {
    expect(recipeSchema.parse(defaultRecipe())).toEqual(defaultRecipe());
    const changed = { ...defaultRecipe(), qat: 'lsq+', wBits: 3, learningRate: 0.02 };
    expect(recipeSchema.safeParse(changed).success).toBe(true);
  });

  test('rejects a bad value or a missing setting, naming the key', () => {
    const paths = (value: unknown) => {
      const result = recipeSchema.safeParse(value);
      return result.success ? [] : result.error.issues.map((issue) => issue.path.join('.'));
    };
    expect(paths({ ...defaultRecipe(), batchSize: 0 })).toEqual(['batchSize']);
    expect(paths({ ...defaultRecipe(), dataset: 'cifar' })).toEqual(['dataset']);
    const missing: Record<string, unknown> = defaultRecipe();
    delete missing.seed;
    expect(paths(missing)).toEqual(['seed']);
  });
});

describe('settingKeyOfParam and SETTING_PARAMS', () => {
  test('a link parameter names its setting; keys, twin names and prototype names do not', () => {
    expect(settingKeyOfParam('bs')).toBe('batchSize');
    expect(settingKeyOfParam('lr')).toBe('learningRate');
    expect(settingKeyOfParam('hb')).toBe('histBits');
    for (const name of ['batchSize', 'b.bs', 'v', 'preset', '__proto__', 'toString', '']) {
      expect(settingKeyOfParam(name), name).toBeUndefined();
    }
  });

  test('every parameter once, in table order', () => {
    expect(SETTING_PARAMS.slice(0, 6)).toEqual(['data', 'model', 'act', 'backend', 'init', 'opt']);
    expect(SETTING_PARAMS).toHaveLength(SETTING_KEYS.length);
    expect(new Set(SETTING_PARAMS).size).toBe(SETTING_PARAMS.length);
    for (const param of SETTING_PARAMS) {
      expect(SETTINGS[settingKeyOfParam(param)!].param).toBe(param);
    }
  });
});
