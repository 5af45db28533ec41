import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './ui/App';
import { startEngineWorker } from './ui/use-engine-worker';
import { useLab } from './store/lab-store';
import './ui/styles.css';

// One worker for the page's lifetime, created outside React so StrictMode cannot double-start it.
function startEngine() {
  try {
    return startEngineWorker();
  } catch (error) {
    const message = `This browser could not start the training worker (${String(error)}).`;
    useLab.getState().applyEngineEvent({ type: 'error', kind: 'internal', message });
    return null;
  }
}
const commands = startEngine();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App commands={commands} />
  </StrictMode>,
);
