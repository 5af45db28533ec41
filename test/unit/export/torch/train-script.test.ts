// The exported train.py: the recipe's values, the lab's constants and formulas, and valid Python.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { BIT_WIDTHS } from '../../../../src/core/quant/bits';
import { MSE_ASYMMETRIC_FORMULA } from '../../../../src/core/quant/formulas';
import { SCALE_FLOOR } from '../../../../src/core/quant/scale-floor';
import { KURE_FORMULA } from '../../../../src/core/regularizers/kure-formulas';
import { MARGIN_R2_FORMULA } from '../../../../src/core/regularizers/r2-formulas';
import { KURTOSIS_FORMULA } from '../../../../src/core/stats/kurtosis-constants';
import { trainScript } from '../../../../src/engine/export/torch/train-script';
import { scriptConfig } from '../../../../src/engine/export/torch/script-config';
import { BN_EPSILON } from '../../../../src/engine/models/layer-constants';
import { MOBILENET_TINY_DEFAULTS } from '../../../../src/engine/models/mobilenet-tiny-options';
import { RESNET_TINY_DEFAULTS } from '../../../../src/engine/models/resnet-tiny-options';
import {
  BN_REESTIMATE_BATCHES,
  reestimateSeed,
} from '../../../../src/engine/training/bn-reestimate-constants';
import { ADAM, SGD_MOMENTUM } from '../../../../src/engine/training/optimizer-constants';
import { CALIBRATION_IMAGES } from '../../../../src/engine/training/ptq-constants';
import { defaultRecipe, type Recipe } from '../../../../src/settings/schema';

const recipe: Recipe = {
  ...defaultRecipe(),
  ptqScheme: 'asymmetric',
  r2: 'margin',
  r2HingePower: 3,
  kure: 'on',
  seed: 7,
};

/** The RECIPE table embedded in a script. */
function embedded(script: string): ReturnType<typeof scriptConfig> {
  const table = /RECIPE = json\.loads\(r'''([\s\S]*?)'''\)/.exec(script);
  expect(table).not.toBeNull();
  return JSON.parse(table![1]!) as ReturnType<typeof scriptConfig>;
}

describe('trainScript', () => {
  test('embeds the recipe and the lab constants it depends on', () => {
    const config = embedded(trainScript(recipe));
    expect(config).toEqual(scriptConfig(recipe));
    expect(config).toMatchObject({
      seed: 7,
      bnEpsilon: BN_EPSILON,
      bnMomentum: recipe.bnMomentum,
      adam: ADAM,
      sgdMomentum: SGD_MOMENTUM,
      r2: { variant: 'margin', hingePower: 3 },
      kure: { weight: recipe.kureWeight, target: recipe.kureTarget },
      channels: [8, 16],
      ptq: {
        atEnd: true,
        scheme: 'asymmetric',
        bitWidths: [...BIT_WIDTHS],
        scaleFloor: SCALE_FLOOR,
      },
    });
    expect(config.query).toMatch(/r2=margin/);
  });

  test("shows the lab's formulas and cites the papers it is given", () => {
    const papers = [
      { short: 'KURE', title: 'Robust Quantization', year: 2020, arxiv: '2002.07686' },
    ];
    const script = trainScript(recipe, { papers });
    for (const formula of [
      KURE_FORMULA,
      MARGIN_R2_FORMULA,
      KURTOSIS_FORMULA,
      MSE_ASYMMETRIC_FORMULA,
    ]) {
      expect(script).toContain(formula);
    }
    expect(script).toMatch(/KURE: Robust Quantization, 2020, arXiv 2002\.07686/);
  });

  test('converts the layouts: conv HWIO <-> OIHW, dense [in, out] <-> [out, in], NHWC flatten', () => {
    const script = trainScript(recipe);
    expect(script).toContain('t.permute(2, 3, 1, 0), lambda t: t.permute(3, 2, 0, 1)');
    expect(script).toContain('x.permute(0, 2, 3, 1).flatten(1)');
  });

  test('embeds the model: its name, activation and the lab default shape of the tiny nets', () => {
    expect(embedded(trainScript(recipe)).model).toEqual({ name: 'small-cnn', activation: 'relu' });
    const mobile = embedded(
      trainScript({ ...recipe, model: 'mobilenet-tiny', activation: 'swish' }),
    );
    expect(mobile.model).toMatchObject({
      name: 'mobilenet-tiny',
      activation: 'swish',
      stemChannels: MOBILENET_TINY_DEFAULTS.stemChannels,
      blocks: MOBILENET_TINY_DEFAULTS.blocks,
    });
    const resnet = embedded(trainScript({ ...recipe, model: 'resnet-tiny' }));
    expect(resnet.model).toMatchObject({
      name: 'resnet-tiny',
      blocks: RESNET_TINY_DEFAULTS.blocks,
    });
  });

  test('embeds BN re-estimation and the activation quantizer of the PTQ sweep as the lab runs them', () => {
    const config = embedded(trainScript({ ...recipe, bnReestimate: 'on', ptqActBits: '4' }));
    expect(config.bnReestimate).toEqual({
      batches: BN_REESTIMATE_BATCHES,
      seed: reestimateSeed(recipe.seed),
    });
    expect(config.ptq).toMatchObject({ actBits: 4, calibrationImages: CALIBRATION_IMAGES });
    expect(embedded(trainScript(recipe))).toMatchObject({
      bnReestimate: null,
      ptq: { actBits: null },
    });
  });

  test("embeds float pretraining as the entries stage 1's recipe changes", () => {
    expect(embedded(trainScript(recipe)).pretrain).toBeNull();
    const staged = {
      ...recipe,
      pretrainSteps: 50,
      pretrainLearningRate: 0.002,
      bnReestimate: 'on',
    };
    const config = embedded(trainScript(staged as Recipe));
    expect(config.pretrain).toEqual({
      steps: 50,
      overrides: {
        steps: 50,
        learningRate: 0.002,
        r2: null,
        kure: null,
        bnReestimate: null,
        ptq: { ...config.ptq, atEnd: false, every: 0 },
      },
    });
  });

  test('converts depthwise kernels [h, w, C, m] <-> [C * m, 1, h, w] and pads as tf does', () => {
    const script = trainScript({ ...recipe, model: 'mobilenet-tiny' });
    expect(script).toContain('t.reshape(c, m, h, w).permute(2, 3, 0, 1)');
    expect(script).toContain('t.permute(2, 3, 0, 1).reshape(c * m, 1, h, w)');
    expect(script).toContain('total = max((out - 1) * stride + kernel - size, 0)');
  });

  test('is valid Python (py_compile) and uses no package but torch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'train-py-'));
    try {
      const file = join(dir, 'train.py');
      const script = trainScript({ ...recipe, r2: 'soft-min-max', optimizer: 'momentum' });
      writeFileSync(file, script);
      const compiled = spawnSync('python3', ['-m', 'py_compile', file], { encoding: 'utf8' });
      expect(compiled.stderr).toBe('');
      expect(compiled.status).toBe(0);
      const imports = script
        .match(/^\s*(?:import|from) (\w+)/gm)!
        .map((l) => l.trim().split(' ')[1]);
      // torchvision and Pillow only inside --data imagefolder's decoder, each optional.
      expect(new Set(imports)).toEqual(
        new Set([
          'argparse',
          'gzip',
          'json',
          'math',
          'os',
          'struct',
          'sys',
          'torch',
          'torchvision',
          'PIL',
        ]),
      );
      expect(script).toMatch(/^ {4}try:\n {8}from torchvision\.io import/m);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
