import { lazy, Suspense } from 'react';
import { EngineContext } from './engine-context';
import type { EngineCommands } from '../store/engine-bridge';
import { useProbeOnDataChange } from './use-engine-worker';
import { useUrlSync } from './use-url-sync';
import { BackendBadge } from './status/BackendBadge';
import { ErrorBanner } from './status/ErrorBanner';
import { NoticeBanner } from './status/NoticeBanner';
import { StatusLine } from './status/StatusLine';
import { RunControls } from './controls/RunControls';
import { SettingsPanel } from './controls/SettingsPanel';
import { PresetPicker } from './controls/PresetPicker';
import { CopyLinkButton } from './controls/CopyLinkButton';
import { PlotsPanel } from './charts/PlotsPanel';
import { TrainingChart } from './charts/TrainingChart';
import { PtqTable } from './status/PtqTable';
import { AnalysisControls } from './controls/AnalysisControls';
import { LayerStatsTable } from './status/LayerStatsTable';
import { InspectorPanel } from './inspector/InspectorPanel';
import { PresenterToggle } from './PresenterToggle';
import { RunsPanel } from './history/RunsPanel';
import type { RunHistory } from '../store/history/run-history';
import { replayRun, type RunRecord } from '../store/history/run-record';
import { useLab } from '../store/lab-store';
import { ToyDemo } from './toy/ToyDemo';
import { TwinPanel } from './controls/TwinPanel';
import { NO_TWIN, twinDifferences } from '../settings/twin-codec';
import type { SweepController } from '../store/sweep/sweep-controller';
import { findPreset } from '../settings/presets';
import { DemoView } from './demo/DemoView';
import { LayoutSwitch } from './demo/LayoutSwitch';
import { RecordingLabel } from './demo/RecordingLabel';
import { usePresetRecording } from './demo/use-preset-recording';

// KaTeX (about 85 kB gzip) loads after the first paint: the lab is usable before the formulas.
const TeachingSection = lazy(() =>
  import('./teaching/TeachingSection').then((m) => ({ default: m.TeachingSection })),
);

// The sweep panel (form, progress, results) is only needed once the user scrolls to it.
const SweepPanel = lazy(() =>
  import('./sweep/SweepPanel').then((m) => ({ default: m.SweepPanel })),
);

/**
 * The lab page; `commands` drive the training worker (null while it is not available), `sweeps`
 * the sweep's pool of workers.
 */
export function App({
  commands,
  history,
  sweeps,
}: {
  commands: EngineCommands | null;
  history: RunHistory;
  sweeps?: SweepController;
}) {
  useUrlSync();
  // A stored run is a view: the engines drop their runs, so Start after Open trains afresh.
  const openRun = (record: RunRecord) => {
    commands?.reset();
    useLab.getState().replaceRecipe(record.recipe, [], NO_TWIN);
    useLab.getState().clearRun('b');
    useLab.setState({ run: { ...replayRun(record), recipe: null } });
  };
  // Two stored runs as A and B: B's recipe is written as its differences from A's.
  const compareRuns = (a: RunRecord, b: RunRecord) => {
    commands?.reset();
    const overrides = twinDifferences(a.recipe, b.recipe);
    useLab.getState().replaceRecipe(a.recipe, [], { on: true, overrides });
    useLab.setState({
      run: { ...replayRun(a), recipe: null },
      runB: { ...replayRun(b), recipe: null },
    });
  };
  useProbeOnDataChange(commands);
  usePresetRecording();
  const demo = useLab((s) => (s.view.layout === 'demo' && s.view.preset) || null);
  const preset = demo ? findPreset(demo) : undefined;
  if (preset) {
    return (
      <EngineContext.Provider value={commands}>
        <NoticeBanner />
        <ErrorBanner />
        <DemoView preset={preset} />
      </EngineContext.Provider>
    );
  }
  return (
    <EngineContext.Provider value={commands}>
      <header className="app-header">
        <h1>QuantLab</h1>
        <p className="tagline">
          Train a small CNN in your browser and watch what quantization does.
        </p>
        <BackendBadge />
        <CopyLinkButton />
        <PresenterToggle />
        <LayoutSwitch />
        <PresetPicker />
      </header>
      <NoticeBanner />
      <ErrorBanner />
      <main className="layout">
        <aside className="panel" aria-label="Settings">
          <RunControls />
          <TwinPanel />
          <SettingsPanel />
        </aside>
        <section className="panel" aria-label="Training progress">
          <StatusLine />
          <TrainingChart />
          <AnalysisControls />
          <RecordingLabel />
          <PlotsPanel />
          <PtqTable />
          <LayerStatsTable />
          <InspectorPanel />
          {sweeps && (
            <Suspense fallback={<p className="hint-muted">Loading the sweep panel…</p>}>
              <SweepPanel controller={sweeps} onOpen={openRun} onCompare={compareRuns} />
            </Suspense>
          )}
          <RunsPanel
            history={history}
            onOpen={openRun}
            onCompare={compareRuns}
            onExportWeights={commands ? commands.exportWeights : undefined}
          />
          <Suspense fallback={<p className="hint-muted">Loading the teaching notes…</p>}>
            <TeachingSection />
          </Suspense>
          <ToyDemo />
        </section>
      </main>
    </EngineContext.Provider>
  );
}
