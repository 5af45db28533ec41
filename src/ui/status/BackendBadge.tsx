import { backendLabel } from '../../engine/backend/backend-label';
import { useLab } from '../../store/lab-store';

/** Which tfjs backend trains, and why it is not WebGPU when it is not. */
export function BackendBadge() {
  const backend = useLab((s) => s.run.backend);
  const trial = useLab((s) => s.speedTrial);
  if (!backend) {
    return (
      <div className="badge" data-testid="backend-badge" role="status">
        Backend: starting…
      </div>
    );
  }
  const fast = backend.name === 'cpu' && backend.fastCpuKernels ? ' (fast kernels)' : '';
  return (
    <div
      className={`badge badge-${backend.name}`}
      data-testid="backend-badge"
      data-backend={backend.name}
      role="status"
      title={
        backend.reason || trial
          ? `${backendLabel(backend.name)}${fast}: ${backend.reason} ${trial}`.trim()
          : undefined
      }
    >
      <strong>
        Backend: {backendLabel(backend.name)}
        {fast}
      </strong>
      {backend.reason && <span className="badge-reason"> — {backend.reason}</span>}
      {trial && (
        <span className="badge-trial" data-testid="speed-trial">
          {' '}
          {trial}
        </span>
      )}
    </div>
  );
}
