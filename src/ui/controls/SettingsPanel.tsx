import { SETTING_KEYS } from '../../settings/schema';
import { useLab } from '../../store/lab-store';
import { SettingControl } from './SettingControl';

/** Every setting from the one settings table; locked while a run trains. */
export function SettingsPanel() {
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading';
  return (
    <form className="settings" onSubmit={(e) => e.preventDefault()} aria-label="Training settings">
      {SETTING_KEYS.map((key) => (
        <SettingControl
          key={key}
          name={key}
          disabled={locked}
          disabledReason="Pause training to change settings"
        />
      ))}
    </form>
  );
}
