import { useLab } from '../../store/lab-store';

/**
 * Switches between a preset's one-screen demo and the full lab (every setting and plot); the
 * layout lives in the link (`view=`), so Back returns to the other one. Nothing while no preset
 * is selected: the full lab is then the only view.
 */
export function LayoutSwitch() {
  const view = useLab((s) => s.view);
  const setView = useLab((s) => s.setView);
  if (!view.preset) return null;
  const toLab = view.layout === 'demo';
  return (
    <button
      type="button"
      data-testid="layout-switch"
      onClick={() => setView({ ...view, layout: toLab ? 'lab' : 'demo' })}
      title={toLab ? 'Every setting and every plot' : 'This demo on one screen'}
    >
      {toLab ? 'Full lab' : 'Demo view'}
    </button>
  );
}
