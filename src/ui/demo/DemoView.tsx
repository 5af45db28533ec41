import type { Preset } from '../../settings/presets';
import { BackendBadge } from '../status/BackendBadge';
import { StatusLine } from '../status/StatusLine';
import { RunControls } from '../controls/RunControls';
import { CopyLinkButton } from '../controls/CopyLinkButton';
import { PresenterToggle } from '../PresenterToggle';
import { DemoKnobs } from './DemoKnobs';
import { DemoPicker } from './DemoPicker';
import { DemoPlots } from './DemoPlots';
import { LayoutSwitch } from './LayoutSwitch';
import { RecordingLabel } from './RecordingLabel';
import { ClassroomToggle } from './ClassroomToggle';
import { ClassroomQuestion } from '../classroom/ClassroomQuestion';
import { useLab } from '../../store/lab-store';
import './demo.css';

/**
 * One preset on one screen (1366×768 and up, no scrolling): a one-line header, the story beside
 * the knobs, run controls and status, then the preset's plots large, the payoff first.
 */
export function DemoView({ preset }: { preset: Preset }) {
  const classroom = useLab((s) => s.view.classroom);
  return (
    <div
      className="demo-view"
      data-testid="demo-view"
      data-preset={preset.id}
      data-classroom={classroom}
    >
      <header className="demo-header">
        <h1>QuantLab</h1>
        <DemoPicker />
        <BackendBadge />
        <CopyLinkButton />
        <PresenterToggle />
        <ClassroomToggle />
        <LayoutSwitch />
      </header>
      <section className="demo-top">
        <div className="demo-story">
          <h2>{preset.name}</h2>
          <p data-testid="demo-story">{preset.demo.story}</p>
          <RecordingLabel />
        </div>
        {classroom && (
          <div className="demo-question">
            <ClassroomQuestion presetId={preset.id} />
          </div>
        )}
        <DemoKnobs knobs={preset.demo.knobs} />
        <div className="demo-run">
          <RunControls />
          <StatusLine />
        </div>
      </section>
      <DemoPlots plots={preset.demo.plots} />
    </div>
  );
}
