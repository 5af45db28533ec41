import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findPreset } from '../../src/settings/presets';
import { describe, expect, test } from 'vitest';
import {
  parseRunArgs,
  readConfig,
  resolveSettings,
  settingsFromJson,
  settingsFromQuery,
  validateSettings,
  type ParsedArgs,
  type SettingsResult,
} from '../../scripts/lib/run-config';
import { SETTINGS, SETTING_KEYS, defaultRecipe, type Recipe } from '../../src/settings/schema';
import { decodeRecipe, encodeRecipe } from '../../src/settings/url-codec';

const dir = mkdtempSync(join(tmpdir(), 'run-recipe-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const errorsOf = (result: SettingsResult): string[] => (result.ok ? [] : result.errors);
const valuesOf = (result: SettingsResult) => {
  if (!result.ok) throw new Error(`expected valid recipe, got: ${result.errors.join('; ')}`);
  return result.values;
};
const runOf = (parsed: ParsedArgs) => {
  if (parsed.kind !== 'run') throw new Error(`expected a run, got ${JSON.stringify(parsed)}`);
  return parsed.options;
};
const invalidOf = (parsed: ParsedArgs): string[] =>
  parsed.kind === 'invalid' ? parsed.errors : [];

describe('JSON settings', () => {
  test('a partial file gives only its keys; the rest take defaults', () => {
    const values = valuesOf(settingsFromJson('{"batchSize": 32, "optimizer": "momentum"}'));
    expect(values).toEqual({ batchSize: 32, optimizer: 'momentum' });
    const { recipe } = resolveSettings(values);
    expect(recipe).toEqual({
      ...defaultRecipe(),
      batchSize: 32,
      optimizer: 'momentum',
      backend: 'cpu',
    });
  });

  test('every default value is valid, whatever recipe the table holds', () => {
    expect(valuesOf(validateSettings(defaultRecipe()))).toEqual(defaultRecipe());
  });

  test('text that is not JSON, or not an object, is one error', () => {
    expect(errorsOf(settingsFromJson('{bs: 1', 'a.json'))).toEqual([
      expect.stringMatching(/^a\.json is not valid JSON/),
    ]);
    for (const text of ['[1]', '3', 'null', '"x"']) {
      expect(errorsOf(settingsFromJson(text))).toEqual([
        expect.stringMatching(/expected an object of settings/),
      ]);
    }
  });

  test('unknown keys are errors, with a hint when the key is a link name or miscased', () => {
    const errors = errorsOf(validateSettings({ bs: 32, BatchSize: 4, bogus: 1 }));
    expect(errors).toEqual([
      'unknown setting "bs" (did you mean "batchSize"?)',
      'unknown setting "BatchSize" (did you mean "batchSize"?)',
      expect.stringMatching(/^unknown setting "bogus" \(known: dataset, .*batchSize/),
    ]);
  });

  test('wrong types are errors naming the key and what is allowed', () => {
    expect(errorsOf(validateSettings({ batchSize: '32', optimizer: 1, seed: null }))).toEqual([
      'batchSize: expected a number (allowed: 1..512, whole numbers), got string "32"',
      'optimizer: expected a string (allowed: adam, momentum), got number 1',
      'seed: expected a number (allowed: 0..2147483647, whole numbers), got null',
    ]);
  });

  test('out-of-range values are errors, never clamped', () => {
    expect(
      errorsOf(validateSettings({ batchSize: 1000, learningRate: 0, seed: 1.5, optimizer: 'sgd' })),
    ).toEqual([
      'batchSize: 1000 is out of range (allowed: 1..512, whole numbers)',
      `learningRate: 0 is out of range (allowed: ${SETTINGS.learningRate.min}..${SETTINGS.learningRate.max})`,
      'seed: 1.5 is not a whole number (allowed: 0..2147483647, whole numbers)',
      'optimizer: "sgd" is not allowed (allowed: adam, momentum)',
    ]);
  });

  test('every setting in the table rejects a value outside its range, by name', () => {
    for (const key of SETTING_KEYS) {
      const spec = SETTINGS[key];
      const bad = spec.kind === 'enum' ? 'not-an-option' : spec.max + 1;
      expect(errorsOf(validateSettings({ [key]: bad }))).toEqual([
        expect.stringMatching(new RegExp(`^${key}: `)),
      ]);
    }
  });
});

describe('query strings', () => {
  test('decode exactly as the lab reads a link', () => {
    const query = 'bs=16&every=5&eval=20&test=200&opt=momentum';
    const { recipe } = resolveSettings(valuesOf(settingsFromQuery(query)));
    expect(recipe).toEqual({ ...decodeRecipe(query).recipe, backend: 'cpu' });
    expect(valuesOf(settingsFromQuery(query))).toEqual({
      batchSize: 16,
      metricsEvery: 5,
      evalEvery: 20,
      testExamples: 200,
      optimizer: 'momentum',
    });
  });

  test('round trip: what the lab encodes, the runner reads back', () => {
    const lab: Recipe = {
      ...defaultRecipe(),
      batchSize: 8,
      learningRate: 0.02,
      backend: 'cpu',
    };
    const { recipe } = resolveSettings(valuesOf(settingsFromQuery(encodeRecipe(lab))));
    expect(recipe).toEqual(lab);
  });

  test('every error kind names the parameter and its key', () => {
    const errors = errorsOf(settingsFromQuery('bs=abc&lr=99&opt=sgd&seed=1&seed=2&zz=1&every='));
    expect(errors).toEqual([
      'bs (batchSize): "abc" is not a number (allowed: 1..512, whole numbers)',
      `lr (learningRate): 99 is out of range (allowed: ${SETTINGS.learningRate.min}..10)`,
      'opt (optimizer): "sgd" is not allowed (allowed: adam, momentum)',
      'seed (seed): given 2 times',
      expect.stringMatching(/^unknown parameter "zz" \(known: .*bs/),
      'every (metricsEvery): "" is not a number (allowed: 1..1000, whole numbers)',
    ]);
  });

  test('a long key name gets a hint; an unknown link version is an error', () => {
    expect(errorsOf(settingsFromQuery('batchSize=4'))).toEqual([
      'unknown parameter "batchSize" (did you mean "bs"? links use short names)',
    ]);
    expect(errorsOf(settingsFromQuery('v=9&bs=4'))).toEqual([expect.stringMatching(/v=9/)]);
  });
});

describe('--config', () => {
  test('reads a JSON file, a query string (with or without ?) and a lab link', () => {
    const path = file('ok.json', '{"batchSize": 8}');
    expect(valuesOf(readConfig(path))).toEqual({ batchSize: 8 });
    expect(valuesOf(readConfig('bs=8'))).toEqual({ batchSize: 8 });
    expect(valuesOf(readConfig('?bs=8'))).toEqual({ batchSize: 8 });
    expect(valuesOf(readConfig('http://localhost:5173/?bs=8&lr=0.01'))).toEqual({
      batchSize: 8,
      learningRate: 0.01,
    });
  });

  test('file errors name the file and the key', () => {
    const path = file('bad.json', '{"batchSize": 0}');
    expect(errorsOf(readConfig(path))).toEqual([
      `${path}: batchSize: 0 is out of range (allowed: 1..512, whole numbers)`,
    ]);
  });

  test('a preset by id, or a preset link, gives its recipe; an unknown id names the presets', () => {
    const kure = readConfig('preset:kure-w4');
    expect(kure.ok && kure.values).toMatchObject({ kure: 'on', steps: 400 });
    // A link's settings apply over the preset it names, as in the lab.
    const link = readConfig('v=1&kurew=0.1&preset=kure-w4');
    const kureOverrides = findPreset('kure-w4')!.overrides;
    expect(link.ok && link.values).toEqual({ ...kureOverrides, kureWeight: 0.1 });
    const short = readConfig('v=1&preset=kure-w4');
    expect(short.ok && short.values).toEqual(kureOverrides);
    expect(errorsOf(readConfig('v=1&preset=nope'))).toEqual(['preset=nope: no such preset']);
    expect(errorsOf(readConfig('preset:kure'))).toEqual([
      expect.stringMatching(/no such preset; the presets are baseline, kure-w4/),
    ]);
  });

  test('a missing file is a clear error', () => {
    expect(errorsOf(readConfig(join(dir, 'missing.json')))).toEqual([
      expect.stringMatching(/no such file/),
    ]);
  });
});

describe('command line', () => {
  test('--steps overrides the config steps, with a note', () => {
    const path = file('steps.json', '{"steps": 500, "batchSize": 16}');
    const options = runOf(parseRunArgs(['--config', path, '--steps', '20', '--out', 'r.jsonl']));
    expect(options.recipe.steps).toBe(20);
    expect(options.recipe.batchSize).toBe(16);
    expect(options.notes).toEqual(['--steps 20 overrides steps 500 from the config']);
    expect(runOf(parseRunArgs(['--steps', '7', '--out', 'r.jsonl'])).recipe.steps).toBe(7);
  });

  test('--steps is validated like the steps setting', () => {
    for (const bad of ['0', '2.5', 'ten', `${SETTINGS.steps.max + 1}`]) {
      expect(invalidOf(parseRunArgs(['--steps', bad, '--out', 'r.jsonl']))).toEqual([
        expect.stringMatching(/^--steps: /),
      ]);
    }
  });

  test('the backend is forced to cpu, with a note only when another was asked for', () => {
    const asked = runOf(parseRunArgs(['--config', 'backend=webgpu', '--out', 'r.jsonl']));
    expect(asked.recipe.backend).toBe('cpu');
    expect(asked.notes).toEqual(['backend webgpu is not available in Node; running on cpu']);
    const plain = runOf(parseRunArgs(['--out', 'r.jsonl']));
    expect(plain.recipe).toEqual({ ...defaultRecipe(), backend: 'cpu' });
    expect(plain.notes).toEqual([]);
  });

  test('the format comes from --format, else from the --out extension', () => {
    expect(runOf(parseRunArgs(['--out', 'r.csv'])).format).toBe('csv');
    expect(runOf(parseRunArgs(['--out', 'r.jsonl'])).format).toBe('jsonl');
    expect(runOf(parseRunArgs(['--out', '-', '--format', 'csv', '--quiet']))).toMatchObject({
      out: '-',
      format: 'csv',
      quiet: true,
    });
  });

  test('all argument problems are reported together', () => {
    const errors = invalidOf(parseRunArgs(['--config', 'bs=0', '--steps', 'x', '--format', 'xml']));
    expect(errors).toEqual([
      expect.stringMatching(/^bs \(batchSize\): 0 is out of range/),
      expect.stringMatching(/^--steps: /),
      '--out is required: a file path, or - for stdout',
      '--format: "xml" is not one of jsonl, csv',
    ]);
    expect(invalidOf(parseRunArgs(['--bogus']))).toEqual([expect.stringMatching(/--bogus/)]);
    expect(invalidOf(parseRunArgs(['extra', '--out', 'r.jsonl']))).toHaveLength(1);
    expect(parseRunArgs(['--help'])).toEqual({ kind: 'help' });
  });
});

describe('settings that cannot train together', () => {
  test('freezing without QAT is refused before training, with the fix named', () => {
    const parsed = parseRunArgs(['--config', 'freeze=on', '--out', '-']);
    expect(parsed.kind).toBe('invalid');
    expect(parsed.kind === 'invalid' && parsed.errors.join(' ')).toMatch(/freezing.*turn on QAT/i);
  });
});
