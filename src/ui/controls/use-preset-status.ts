import { findPreset, isPresetRecipe, type Preset } from '../../settings/presets';
import { useLab } from '../../store/lab-store';

/** The preset the page shows and whether the recipe has been changed since it was loaded. */
export interface PresetStatus {
  preset: Preset | null;
  /** True once any setting but the backend differs from the preset's. */
  modified: boolean;
}

/** The view's preset and whether the recipe still equals it (up to the backend). */
export function usePresetStatus(): PresetStatus {
  const id = useLab((s) => s.view.preset);
  const modified = useLab((s) => {
    const preset = id ? findPreset(id) : undefined;
    return preset ? !isPresetRecipe(preset, s.recipe) : false;
  });
  return { preset: (id && findPreset(id)) || null, modified };
}
