import { useState } from 'react';
import { useLab } from '../../store/lab-store';
import { LayerInspector } from './LayerInspector';

/**
 * The layer inspector's fold-out: open when the link names a layer (`inspect=`) or the user opens
 * it. While open, a run that finishes also gets its per-layer sensitivity measured.
 */
export function InspectorPanel() {
  const inspecting = useLab((s) => s.view.inspect !== undefined);
  const [opened, setOpened] = useState(false);
  return (
    <details
      className="inspector-panel"
      open={inspecting || undefined}
      onToggle={(e) => setOpened(e.currentTarget.open)}
    >
      <summary>Layer inspector: SQNR per layer, outliers, channel ranges, sensitivity</summary>
      <LayerInspector active={opened || inspecting} />
    </details>
  );
}
