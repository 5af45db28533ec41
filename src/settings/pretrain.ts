/**
 * Two-stage runs, "pretrain, then fine-tune" (the papers' recipe): with `pretrainSteps` > 0 a run
 * first trains the float model (stage 1), then trains its own recipe from those weights (stage 2),
 * each stage with its own schedule from its own step 0. Pure: the stages' recipes and the run's
 * step numbering; the engine trains them (`engine/run-lifecycle.ts`).
 */
import { SETTINGS, type Recipe, type SettingKey } from './schema';
import { TECHNIQUES } from './techniques';

/** The stages of a two-stage run, in order. */
export const STAGE_NAMES = ['pretrain', 'fine-tune'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

/** How the status line and the runner name each stage. */
const STAGE_TITLES: Record<StageName, string> = {
  pretrain: 'float pretraining',
  'fine-tune': 'fine-tuning',
};

/**
 * Settings of every technique but PTQ. Stage 1 takes their defaults, which have each technique
 * off, so its recipe (the pretrain cache's key) does not change with the fine-tune's settings.
 * The PTQ settings stay: they shape the histogram's grid, which stage 1 reports too.
 */
const TECHNIQUE_SETTINGS: readonly SettingKey[] = TECHNIQUES.filter((t) => t.id !== 'ptq').flatMap(
  (t) => t.settings,
);

const TECHNIQUE_DEFAULTS = Object.fromEntries(
  TECHNIQUE_SETTINGS.map((key) => [key, SETTINGS[key].default]),
) as Partial<Recipe>;

/**
 * The recipe of stage 1, the float pretraining: `recipe`'s data, model, seed, optimizer, schedule,
 * batch size, cadences and test images, for `pretrainSteps` steps at `pretrainLearningRate`, from
 * fresh weights, with every technique off and no PTQ sweep.
 */
export function pretrainRecipe(recipe: Recipe): Recipe {
  return {
    ...recipe,
    ...TECHNIQUE_DEFAULTS,
    init: 'scratch',
    steps: recipe.pretrainSteps,
    learningRate: recipe.pretrainLearningRate,
    pretrainSteps: 0,
    ptqEvery: 0,
    ptqAtEnd: 'off',
  };
}

/** The recipe of stage 2: `recipe` itself, starting from stage 1's weights as init=previous does. */
export function fineTuneRecipe(recipe: Recipe): Recipe {
  return { ...recipe, init: 'previous', pretrainSteps: 0 };
}

/** One stage of a run: what its session trains, and where its steps sit in the run. */
export interface RunStage {
  /** Null for a one-stage run (which reports no stages). */
  name: StageName | null;
  recipe: Recipe;
  /** Run steps before this stage: the stage's step k is the run's step offset + k. */
  offset: number;
}

/** The stages `recipe` trains, in order: itself alone, or pretraining then fine-tuning. */
export function runStages(recipe: Recipe): readonly RunStage[] {
  if (recipe.pretrainSteps === 0) return [{ name: null, recipe, offset: 0 }];
  return [
    { name: 'pretrain', recipe: pretrainRecipe(recipe), offset: 0 },
    { name: 'fine-tune', recipe: fineTuneRecipe(recipe), offset: recipe.pretrainSteps },
  ];
}

/** Steps of the whole run, both stages together. */
export function runSteps(recipe: Recipe): number {
  return recipe.pretrainSteps + recipe.steps;
}

/** The stage as the status line says it, e.g. "Stage 1/2: float pretraining". */
export function stageTitle(name: StageName): string {
  return `Stage ${STAGE_NAMES.indexOf(name) + 1}/${STAGE_NAMES.length}: ${STAGE_TITLES[name]}`;
}
