import type { Model } from './models/model';
import type { EngineEvent } from './protocol';
import { pretrainRecipe } from '../settings/pretrain';
import { SETTING_KEYS, type Recipe } from '../settings/schema';

/** A finished float pretraining (stage 1 of a two-stage run). */
export interface Pretrained {
  /** Its final weights and BN statistics; the cache owns (and disposes) the model. */
  model: Model;
  /** What stage 1 reported (its stage event and metrics, no phases), to show it again. */
  events: readonly EngineEvent[];
  /** Steps it trained. */
  steps: number;
}

/**
 * The last finished pretraining, kept so that a two-stage recipe whose stage 1 is unchanged (a
 * new fine-tune setting, say) goes straight to stage 2. Its key is stage 1's whole recipe, so a
 * hit trains stage 2 from exactly the weights an uncached run would.
 */
export interface PretrainCache {
  /** The kept pretraining of `recipe`'s stage 1, or null. */
  find(recipe: Recipe): Pretrained | null;
  /** Keep `entry` as the pretraining of `recipe`'s stage 1; the one it replaces is disposed. */
  keep(recipe: Recipe, entry: Pretrained): void;
  /** Dispose the kept pretraining (its tensors live on the backend that is going). */
  clear(): void;
}

/** Stage 1's recipe as a key: every setting in table order, so key order never matters. */
function keyOf(recipe: Recipe): string {
  const stage = pretrainRecipe(recipe);
  return JSON.stringify(SETTING_KEYS.map((key) => stage[key]));
}

export function createPretrainCache(): PretrainCache {
  let kept: { key: string; entry: Pretrained } | null = null;

  function clear(): void {
    const old = kept;
    kept = null; // first: a dispose that throws (lost device) still forgets it
    old?.entry.model.dispose();
  }

  return {
    find: (recipe) => (kept?.key === keyOf(recipe) ? kept.entry : null),
    keep(recipe, entry) {
      if (kept?.entry.model !== entry.model) clear();
      kept = { key: keyOf(recipe), entry };
    },
    clear,
  };
}
