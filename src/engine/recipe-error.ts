/** A recipe that only turns out impossible once its model exists (e.g. a missing layer index). */
export class RecipeError extends Error {
  override name = 'RecipeError';
}
