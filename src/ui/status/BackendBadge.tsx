import { useLab } from '../../store/lab-store';

const LABEL = { webgpu: 'WebGPU', webgl: 'WebGL', cpu: 'CPU' } as const;

/** Which tfjs backend trains, and why it is not WebGPU when it is not. */
export function BackendBadge() {
  const backend = useLab((s) => s.run.backend);
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
      title={backend.reason ? `${LABEL[backend.name]}${fast}: ${backend.reason}` : undefined}
    >
      <strong>
        Backend: {LABEL[backend.name]}
        {fast}
      </strong>
      {backend.reason && <span className="badge-reason"> — {backend.reason}</span>}
    </div>
  );
}
