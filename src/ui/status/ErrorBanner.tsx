import { useLab } from '../../store/lab-store';
import { useEngineCommands } from '../engine-context';

const TITLE = {
  data: 'The data set could not be loaded',
  rejected: 'Not done',
  diverged: 'Training diverged',
  backend: 'The compute backend failed',
  protocol: 'Internal message error',
  internal: 'Something went wrong',
} as const;

/** The engine's last error in plain words, with the action that recovers from it. */
export function ErrorBanner() {
  const error = useLab((s) => s.run.error);
  const commands = useEngineCommands();
  if (!error) return null;
  // A rejected command changed nothing, so there is nothing to reset.
  const retry =
    error.kind === 'data'
      ? commands?.probe
      : error.kind === 'rejected'
        ? undefined
        : commands?.reset;
  return (
    <div
      className="banner banner-error"
      role="alert"
      data-testid="error-banner"
      data-kind={error.kind}
    >
      <p>
        <strong>{TITLE[error.kind]}.</strong> {error.message}
      </p>
      {retry && (
        <button type="button" onClick={retry}>
          {error.kind === 'data' ? 'Retry loading' : 'Reset'}
        </button>
      )}
    </div>
  );
}
