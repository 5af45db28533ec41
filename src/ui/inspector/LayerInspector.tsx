import { useState } from 'react';
import { BIT_WIDTHS } from '../../core/quant/bits';
import { useLab } from '../../store/lab-store';
import { quantizerLabel } from './inspector-figures';
import { SQNR_FORMULA } from '../../core/metrics/sqnr-quantizers';
import { InspectorColumn } from './InspectorColumn';
import { SensitivityPanel } from './SensitivityPanel';

const DEFAULT_TABLE_BITS = 4;

/**
 * The layer inspector: SQNR of every layer at a chosen width for four quantizers, and for the
 * opened layer (`inspect=` in the link) its histogram through time, SQNR against the width,
 * largest weights and each channel's range, for A and, with the twin on, B beside it; then the
 * per-layer sensitivity. Live with each test evaluation; a stored run shows what it recorded.
 */
export function LayerInspector({ active = false }: { active?: boolean }) {
  const sqnr = useLab((s) => s.run.layerSqnr);
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
  const b = sqnr.bits.indexOf(bits);
  return (
    <div className="layer-inspector" data-testid="layer-inspector">
      {inspect && inspect !== open && (
        <p role="status" className="notice-inline">
          This model has no layer {inspect}; showing {open}.
        </p>
      )}
      <table className="data-table" data-testid="sqnr-table">
        <caption>
          SQNR at step {sqnr.step} (dB, higher keeps more of the weights), W
          <select
            aria-label="Weight bits of the SQNR table"
            value={bits}
            onChange={(e) => setBits(Number(e.target.value))}
          >
            {BIT_WIDTHS.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
          ; <code>{SQNR_FORMULA}</code>
        </caption>
        <thead>
          <tr>
            <th scope="col">Layer</th>
            {sqnr.quantizers.map((id) => (
              <th scope="col" key={id}>
                {quantizerLabel(id)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {sqnr.layers.map((layer) => (
            <tr key={layer.name} aria-selected={layer.name === open}>
              <th scope="row">
                <button
                  type="button"
                  aria-pressed={layer.name === open}
                  onClick={() => openLayer(layer.name)}
                >
                  {layer.name}
                </button>
              </th>
              {layer.db.map((row, q) => (
                <td key={q}>{dbText(row[b])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
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

/** '23.4', or '∞' where the grid holds every weight exactly, '–' without a value. */
function dbText(db: number | null | undefined): string {
  if (db === undefined) return '–';
  return db === null ? '∞' : db.toFixed(1);
}
