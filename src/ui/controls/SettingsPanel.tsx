import { SETTING_GROUPS, SETTING_KEYS, SETTINGS, type SettingGroup } from '../../settings/schema';
import { useLab } from '../../store/lab-store';
import { SettingControl } from './SettingControl';

const GROUPS = Object.keys(SETTING_GROUPS) as SettingGroup[];

/** Every setting from the one settings table, in its group; locked while a run trains. */
export function SettingsPanel() {
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  return (
    <form className="settings" onSubmit={(e) => e.preventDefault()} aria-label="Training settings">
      {GROUPS.map((group) => (
        <fieldset key={group} className="setting-group">
          <legend>{SETTING_GROUPS[group]}</legend>
          {SETTING_KEYS.filter((key) => SETTINGS[key].group === group).map((key) => (
            <SettingControl
              key={key}
              name={key}
              disabled={locked}
              disabledReason="Pause training to change settings"
            />
          ))}
        </fieldset>
      ))}
    </form>
  );
}
