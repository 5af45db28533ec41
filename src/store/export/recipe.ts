import { recipeQuery } from '../../settings/presets';
import type { Recipe } from '../../settings/schema';

/** `format` of a recipe JSON file. */
export const RECIPE_FORMAT = 'quantlab-recipe';

/**
 * The recipe as JSON: every setting by key, plus the query string a link to it carries (so the
 * file can be turned back into a link by hand). Pure.
 */
export function recipeJson(recipe: Recipe, name?: string): string {
  const file = { format: RECIPE_FORMAT, version: 1, name, recipe, query: recipeQuery(recipe) };
  return JSON.stringify(file, null, 2);
}

/**
 * A link that opens the lab with `recipe`: `page` (the lab's address; its query and fragment
 * are replaced) with the recipe's query, led by the URL format version. Pure.
 */
export function recipeUrl(recipe: Recipe, page: string): string {
  const url = new URL(page);
  url.search = recipeQuery(recipe);
  url.hash = '';
  return url.toString();
}
