import { BIT_WIDTHS } from '../../core/quant/bits';
import { SQNR_FORMULA } from '../../core/metrics/sqnr-quantizers';
import type { RunState } from '../../store/run-state';
import { quantizerLabel } from './inspector-figures';

type Sqnr = NonNullable<RunState['layerSqnr']>;

interface SqnrTableProps {
  sqnr: Sqnr;
  /** B's SQNR with the twin on: each cell then reads "A / B". */
  sqnrB: Sqnr | null;
  bits: number;
  onBits(bits: number): void;
  open: string | null;
  onOpen(layer: string): void;
}

/** SQNR of every layer at one width under each inspector quantizer; a layer's name opens it. */
export function SqnrTable({ sqnr, sqnrB, bits, onBits, open, onOpen }: SqnrTableProps) {
  const b = sqnr.bits.indexOf(bits);
  const cell = (layer: string, q: number, a: number | null | undefined) => {
    if (!sqnrB) return dbText(a);
    const other = sqnrB.layers.find((l) => l.name === layer)?.db[q]?.[sqnrB.bits.indexOf(bits)];
    return `${dbText(a)} / ${dbText(other)}`;
  };
  return (
    <table className="data-table" data-testid="sqnr-table">
      <caption>
        SQNR at step {sqnr.step}
        {sqnrB ? ` (A / B, B at step ${sqnrB.step})` : ''} (dB, higher keeps more of the weights), W
        <select
          aria-label="Weight bits of the SQNR table"
          value={bits}
          onChange={(e) => onBits(Number(e.target.value))}
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
                onClick={() => onOpen(layer.name)}
              >
                {layer.name}
              </button>
            </th>
            {layer.db.map((row, q) => (
              <td key={q}>{cell(layer.name, q, row[b])}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** '23.4', or '∞' where the grid holds every weight exactly, '–' without a value. */
function dbText(db: number | null | undefined): string {
  if (db === undefined) return '–';
  return db === null ? '∞' : db.toFixed(1);
}
