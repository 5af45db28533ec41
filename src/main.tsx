// First: no module may build a zod schema before eval is switched off (CSP).
import './settings/zod-no-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startEngineWorker } from './ui/use-engine-worker';
import { useLab } from './store/lab-store';
import './ui/styles.css';
import { RunHistory } from './store/history/run-history';
import { openIdbRepository } from './store/history/idb-repository';
import { RunRecorder } from './store/run-recorder';
import { twinCommands } from './store/twin-commands';
import { saveWeightsFile } from './store/export/weights-file';

// The run history (IndexedDB) and the recorder that stores each run into it as it trains.
const runHistory = new RunHistory(openIdbRepository());
const recorder = new RunRecorder({
  onChange: (run, settled) => void runHistory.autosave(run, settled),
});

// One worker for the page's lifetime, created outside React so StrictMode cannot double-start it;
// the A/B twin's worker starts the first time the twin trains.
function startEngine() {
  try {
    const a = startEngineWorker({
      recorder,
      onWeights: (event) => saveWeightsFile(event, recorder.snapshot()?.name ?? 'quantlab'),
    });
    return twinCommands(a, () => startEngineWorker({ slot: 'b' }));
  } catch (error) {
    const message = `This browser could not start the training worker (${String(error)}).`;
    useLab.getState().applyEngineEvent({ type: 'error', kind: 'internal', message });
    return null;
  }
}
const commands = startEngine();

// Fault drills for the end-to-end tests (they only ever hurt this tab): lose the GPU device, or
// crash the training worker, and watch the lab recover.
if (commands) {
  Object.assign(window, {
    quantlabDrills: {
      loseDevice: () => commands.simulateFault('device-loss'),
      crashWorker: () => commands.simulateFault('crash'),
    },
  });
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App commands={commands} history={runHistory} />
  </StrictMode>,
);
