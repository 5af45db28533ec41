import type { Recipe } from '../../settings/schema';
import { TECHNIQUE } from '../../settings/techniques';
import { TECHNIQUE_NOTES, type PaperRef } from './technique-notes';

/** The papers the teaching panels cite for the techniques `recipe` switches on, in tab order. */
export function papersOf(recipe: Recipe): PaperRef[] {
  return TECHNIQUE_NOTES.filter((note) => TECHNIQUE[note.id].isOn(recipe)).flatMap(
    (note) => note.papers,
  );
}
