import { SETTING_GROUPS, SETTING_KEYS, SETTINGS, type SettingGroup } from '../../settings/schema';
import { useLab } from '../../store/lab-store';
import { SettingControl } from './SettingControl';
import './controls.css';

const GROUPS = Object.keys(SETTING_GROUPS) as SettingGroup[];

/** Why every control is locked while a run trains or loads. */
const LOCKED_REASON = 'Pause training to change recipe.';

/**
 * Every setting from the one settings table, in its group. While a run trains every control is
 * locked (and says so); a parameter of a technique that is off is unavailable with its reason
 * (settings/availability.ts). Locked or unavailable controls stay focusable and readable.
 */
export function SettingsPanel() {
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  return (
    <form className="settings" onSubmit={(e) => e.preventDefault()} aria-label="Training settings">
      {locked && (
        <p className="hint" data-testid="settings-locked">
          {LOCKED_REASON}
        </p>
      )}
      {GROUPS.map((group) => (
        <fieldset key={group} className="setting-group">
          <legend>{SETTING_GROUPS[group]}</legend>
          {SETTING_KEYS.filter((key) => SETTINGS[key].group === group).map((key) => (
            <SettingControl key={key} name={key} lockedReason={locked ? LOCKED_REASON : null} />
          ))}
        </fieldset>
      ))}
    </form>
  );
}
