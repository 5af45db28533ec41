/**
 * The quantizer a PTQ sweep uses (methods.md 1.5): the recipe's PTQ settings, optionally
 * overridden to re-quantize the same trained weights another way (fair comparisons). Pure: the
 * protocol, the engine, the store and the PTQ controls all resolve and name quantizers here.
 */
import { z } from 'zod';
import { SETTINGS, type Recipe } from './schema';
import { enumSchema } from './spec-check';

/** Largest factor the calibrated weight steps may be multiplied by. */
export const MAX_STEP_SCALE = 16;

/** One PTQ quantizer; the enums are the settings table's own options. */
export const ptqQuantizerSchema = z.object({
  scheme: enumSchema(SETTINGS.ptqScheme.options),
  granularity: enumSchema(SETTINGS.ptqGranularity.options),
  range: enumSchema(SETTINGS.ptqRange.options),
  actBits: enumSchema(SETTINGS.ptqActBits.options),
  /** Fold BN into the kernels before quantizing (true: as deployed, the recipe's behaviour). */
  fold: z.boolean(),
  /** Multiplies every weight layer's calibrated step (1: as calibrated); not activation ranges. */
  stepScale: z.number().positive().max(MAX_STEP_SCALE),
  /** First and last weight layers (and the last layer's input) at 8 bit, whatever the width. */
  firstLast8: z.boolean(),
  /**
   * Weight layers kept at 8 bit whatever the width (mixed precision, from the layer inspector's
   * sensitivity hint), by name; absent: none.
   */
  keep8: z.array(z.string().min(1).max(40)).max(64).optional(),
});
export type PtqQuantizer = z.infer<typeof ptqQuantizerSchema>;

/** Overrides of a recipe's quantizer: any subset of its fields, and no unknown key (a typo). */
export const ptqOverridesSchema = z.strictObject(ptqQuantizerSchema.shape).partial();

/** The recipe settings a quantizer is resolved from. */
type PtqSettings = Pick<
  Recipe,
  'ptqScheme' | 'ptqGranularity' | 'ptqRange' | 'ptqActBits' | 'firstLast8'
>;

/**
 * The quantizer a sweep of `recipe` uses: its PTQ settings, BN folded, steps as calibrated, with
 * `overrides` on top (a missing field keeps the recipe's own).
 */
export function ptqQuantizerOf(
  recipe: PtqSettings,
  overrides: Partial<PtqQuantizer> = {},
): PtqQuantizer {
  return {
    scheme: recipe.ptqScheme,
    granularity: recipe.ptqGranularity,
    range: recipe.ptqRange,
    actBits: recipe.ptqActBits,
    fold: true,
    stepScale: 1,
    firstLast8: recipe.firstLast8 === 'on',
    ...overrides,
  };
}

/** Overrides read from an untrusted command, or one sentence on what is wrong with them. */
export function parsePtqOverrides(
  value: unknown,
): { ok: true; overrides: Partial<PtqQuantizer> } | { ok: false; message: string } {
  const parsed = ptqOverridesSchema.safeParse(value ?? {});
  if (parsed.success) return { ok: true, overrides: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `quantizer.${issue.path.join('.')}` : 'quantizer';
  return { ok: false, message: `${where}: ${issue?.message ?? 'invalid'}` };
}

const RANGE_NAME: Record<PtqQuantizer['range'], string> = { mse: 'MSE', 'min-max': 'min-max' };
const SCHEME_NAME: Record<PtqQuantizer['scheme'], string> = {
  symmetric: 'sym',
  asymmetric: 'asym',
};

/**
 * Short name of a quantizer, e.g. 'per-tensor min-max' or 'per-channel MSE asym A8 unfolded ×1.5':
 * granularity and range always, the rest only where it differs from the settings' defaults (and
 * from folded BN at step ×1). Distinct quantizers get distinct names, so the store keys curves by it.
 */
export function ptqQuantizerLabel(q: PtqQuantizer): string {
  const parts = [q.granularity, RANGE_NAME[q.range]];
  if (q.scheme !== SETTINGS.ptqScheme.default) parts.push(SCHEME_NAME[q.scheme]);
  if (q.actBits !== 'float') parts.push(`A${q.actBits}`);
  if (!q.fold) parts.push('unfolded');
  if (q.stepScale !== 1) parts.push(`×${q.stepScale}`);
  if (q.firstLast8) parts.push('first/last 8-bit');
  if (q.keep8?.length) parts.push(`${q.keep8.join('+')} 8-bit`);
  return parts.join(' ');
}

/** Whether `q` is the quantizer `recipe`'s own sweeps (periodic, end of run) use. */
export function isRecipeQuantizer(q: PtqQuantizer, recipe: PtqSettings): boolean {
  return ptqQuantizerLabel(q) === ptqQuantizerLabel(ptqQuantizerOf(recipe));
}
