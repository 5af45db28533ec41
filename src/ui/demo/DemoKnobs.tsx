import type { PresetDemo } from '../../settings/presets';
import { useLab } from '../../store/lab-store';
import { SettingControl } from '../controls/SettingControl';
import { AllSettingsDialog } from './AllSettingsDialog';

const LOCKED_REASON = 'Pause training to change recipe.';

/** The two to four settings that matter for this demo, then "All settings". */
export function DemoKnobs({ knobs }: { knobs: PresetDemo['knobs'] }) {
  const phase = useLab((s) => s.run.phase);
  const locked = phase === 'running' || phase === 'loading' ? LOCKED_REASON : null;
  return (
    <div className="demo-knobs">
      <form
        className="settings"
        aria-label="This demo's settings"
        onSubmit={(e) => e.preventDefault()}
      >
        {knobs.map((key) => key && <SettingControl key={key} name={key} lockedReason={locked} />)}
      </form>
      <AllSettingsDialog />
    </div>
  );
}
