// First: no module may build a zod schema before eval is switched off (CSP).
import './settings/zod-no-eval';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import {
  createSpeedTrialWorker,
  createSweepWorker,
  startEngineWorker,
} from './ui/use-engine-worker';
import { readSpeedTrials } from './store/speed-trial-cache';
import { startSpeedTrialController } from './store/speed-trial-controller';
import { useLab } from './store/lab-store';
import './ui/styles.css';
import { RunHistory } from './store/history/run-history';
import { openIdbRepository } from './store/history/idb-repository';
import { RunRecorder } from './store/run-recorder';
import { twinCommands } from './store/twin-commands';
import { saveWeightsFile } from './store/export/weights-file';
import { createSweepController } from './store/sweep/sweep-controller';
import { openSweepArchive } from './store/sweep/sweep-archive';
import { defaultWorkerCount } from './store/sweep/sweep-runner';

// The run history (IndexedDB) and the recorder that stores each run into it as it trains.
const runHistory = new RunHistory(openIdbRepository());
const recorder = new RunRecorder({
  onChange: (run, settled) => void runHistory.autosave(run, settled),
});

/** The speed trials this browser ran before (none when stale or unreadable). */
function cachedSpeedTrials() {
  try {
    return readSpeedTrials(window.localStorage, navigator.userAgent, Date.now());
  } catch {
    return {}; // storage blocked: auto goes by the adapter facts alone
  }
}

// One worker for the page's lifetime, created outside React so StrictMode cannot double-start it;
// the A/B twin's worker starts the first time the twin trains.
function startEngine() {
  try {
    const a = startEngineWorker({
      recorder,
      onWeights: (event) => saveWeightsFile(event, recorder.snapshot()?.name ?? 'quantlab'),
      speedTrials: cachedSpeedTrials,
    });
    return twinCommands(a, () => startEngineWorker({ slot: 'b', speedTrials: cachedSpeedTrials }));
  } catch (error) {
    const message = `This browser could not start the training worker (${String(error)}).`;
    useLab.getState().applyEngineEvent({ type: 'error', kind: 'internal', message });
    return null;
  }
}
const commands = startEngine();

// This browser's speed trial: run once a software GPU was passed over untimed and the lab idles.
if (commands) {
  startSpeedTrialController({
    createWorker: createSpeedTrialWorker,
    storage: window.localStorage,
    userAgent: navigator.userAgent,
    useSpeedTrials: (trials) => commands.useSpeedTrials(trials),
  });
}

// The sweep's pool of engine workers; its last sweep comes back from IndexedDB on reload.
const sweeps = createSweepController({
  createWorker: createSweepWorker,
  archive: openSweepArchive(),
  defaultWorkers: (recipe) =>
    defaultWorkerCount(
      recipe.backend,
      useLab.getState().run.backend?.name ?? null,
      navigator.hardwareConcurrency,
    ),
});

// Fault drills for the end-to-end tests (they only ever hurt this tab): lose the GPU device,
// crash the training worker or one sweep worker with a run in flight, and watch the lab recover.
Object.assign(window, {
  quantlabDrills: {
    ...(commands && {
      loseDevice: () => commands.simulateFault('device-loss'),
      crashWorker: () => commands.simulateFault('crash'),
    }),
    crashSweepWorker: () => sweeps.crashOneWorker(),
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App commands={commands} history={runHistory} sweeps={sweeps} />
  </StrictMode>,
);
