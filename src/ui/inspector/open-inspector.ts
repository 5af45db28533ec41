import { useLab } from '../../store/lab-store';

/**
 * Open weight layer `layer` in the layer inspector (`inspect=` in the link) and bring the
 * inspector into view: what a click on a layer in a per-layer plot, legend or table does.
 */
export function openInspector(layer: string): void {
  const { view, setView } = useLab.getState();
  setView({ ...view, inspect: layer });
  const panel = document.querySelector<HTMLDetailsElement>('details.inspector-panel');
  if (!panel) return;
  panel.open = true;
  panel.scrollIntoView({ behavior: 'smooth', block: 'start' });
}
