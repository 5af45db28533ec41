import { useLab } from '../../store/lab-store';
import { useEngineCommands } from '../engine-context';
import type { EngineCommands } from '../../store/engine-bridge';
import type { ErrorKind } from '../../engine/protocol';

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
  const action = commands ? recovery(error.kind, commands) : null;
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
      {action && (
        <button type="button" onClick={action.run}>
          {action.label}
        </button>
      )}
    </div>
  );
}

/**
 * What recovers from each kind of error: load the data again, restart a crashed or broken worker,
 * or reset the run. A rejected command changed nothing, so it needs nothing.
 */
function recovery(
  kind: ErrorKind,
  commands: EngineCommands,
): { label: string; run: () => void } | null {
  switch (kind) {
    case 'data':
      return { label: 'Retry loading', run: commands.probe };
    case 'rejected':
      return null;
    case 'internal':
      return { label: 'Restart the engine', run: commands.restart };
    default:
      return { label: 'Reset', run: commands.reset };
  }
}
