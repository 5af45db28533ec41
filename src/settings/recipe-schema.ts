import { z } from 'zod';
import { SETTINGS, SETTING_KEYS, type Recipe } from './schema';
import { specSchema } from './spec-check';

/**
 * The training recipe the engine runs: exactly the user's settings, validated key by key from the
 * one settings table (so a new setting cannot be forgotten here).
 */
export const recipeSchema = z.object(
  Object.fromEntries(SETTING_KEYS.map((key) => [key, specSchema(SETTINGS[key])])),
) as unknown as z.ZodType<Recipe>;
