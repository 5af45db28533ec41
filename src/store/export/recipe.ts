import { NO_TWIN } from '../../settings/twin-codec';
import { linkQuery, viewOfRecipe } from '../../settings/view-codec';
import type { Recipe } from '../../settings/schema';

/** `format` of a recipe JSON file. */
export const RECIPE_FORMAT = 'quantlab-recipe';

/** The query (without '?') of a link to `recipe` alone: its preset's demo when it equals one. */
const recipeLinkQuery = (recipe: Recipe) => linkQuery(recipe, NO_TWIN, viewOfRecipe(recipe));

/**
 * The recipe as JSON: every setting by key, plus the query string a link to it carries (so the
 * file can be turned back into a link by hand). Pure.
 */
export function recipeJson(recipe: Recipe, name?: string): string {
  const file = { format: RECIPE_FORMAT, version: 1, name, recipe, query: recipeLinkQuery(recipe) };
  return JSON.stringify(file, null, 2);
}

/**
 * A link that opens the lab with `recipe`: `page` (the lab's address; its query and fragment
 * are replaced) with the recipe's query, led by the URL format version. Pure.
 */
export function recipeUrl(recipe: Recipe, page: string): string {
  const url = new URL(page);
  url.search = recipeLinkQuery(recipe);
  url.hash = '';
  return url.toString();
}
