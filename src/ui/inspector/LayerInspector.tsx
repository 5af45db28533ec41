import { useState } from 'react';
import { useLab } from '../../store/lab-store';
import { InspectorColumn } from './InspectorColumn';
import { SensitivityPanel } from './SensitivityPanel';
import { SqnrTable } from './SqnrTable';

const DEFAULT_TABLE_BITS = 4;

/**
 * The layer inspector: SQNR of every layer at a chosen width for four quantizers (A / B with the
 * twin on), and for the opened layer (`inspect=` in the link) its histogram through time, SQNR
 * against the width, largest weights and each channel's range, for A and, with the twin on, B
 * beside it; then the per-layer sensitivity. Live with each test evaluation; a stored run shows what it recorded.
 */
export function LayerInspector({ active = false }: { active?: boolean }) {
  const sqnr = useLab((s) => s.run.layerSqnr);
  const sqnrB = useLab((s) => s.runB.layerSqnr);
  const twin = useLab((s) => s.twin.on);
  const inspect = useLab((s) => s.view.inspect ?? null);
  const setView = useLab((s) => s.setView);
  const [bits, setBits] = useState(DEFAULT_TABLE_BITS);
  const names = sqnr?.layers.map((l) => l.name) ?? [];
  const open = inspect && names.includes(inspect) ? inspect : (names[0] ?? null);
  if (!sqnr) {
    return (
      <p className="hint-muted" data-testid="layer-inspector">
        The layer inspector fills at the run's first test evaluation (every `eval` steps).
      </p>
    );
  }
  const openLayer = (name: string) => setView({ ...useLab.getState().view, inspect: name });
  return (
    <div className="layer-inspector" data-testid="layer-inspector">
      {inspect && inspect !== open && (
        <p role="status" className="notice-inline">
          This model has no layer {inspect}; showing {open}.
        </p>
      )}
      <SqnrTable
        sqnr={sqnr}
        sqnrB={twin ? sqnrB : null}
        bits={bits}
        onBits={setBits}
        open={open}
        onOpen={openLayer}
      />
      {open && (
        <div className={twin ? 'twin-columns' : undefined}>
          <InspectorColumn slot="a" layer={open} twin={twin} />
          {twin && <InspectorColumn slot="b" layer={open} twin={twin} />}
        </div>
      )}
      <SensitivityPanel open={open} active={active} />
    </div>
  );
}
