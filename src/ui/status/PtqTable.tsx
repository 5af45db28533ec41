import { useLab } from '../../store/lab-store';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Latest PTQ sweep: test accuracy at W2..W8 next to the float model, and the method used. */
export function PtqTable() {
  const ptq = useLab((s) => s.run.ptq);
  if (!ptq) {
    return <p className="hint-muted">The PTQ sweep (W2–W8) runs at the end of training.</p>;
  }
  return (
    <table className="data-table" data-testid="ptq-table">
      <caption>
        Post-training quantization at step {ptq.step}: {ptq.method}
      </caption>
      <thead>
        <tr>
          <th scope="col">Weights</th>
          {ptq.points.map((p) => (
            <th scope="col" key={p.bits}>
              {p.label}
            </th>
          ))}
          <th scope="col">Float</th>
        </tr>
      </thead>
      <tbody>
        <tr>
          <th scope="row">Test accuracy</th>
          {ptq.points.map((p) => (
            <td key={p.bits}>{pct(p.accuracy)}</td>
          ))}
          <td>{pct(ptq.fpAccuracy)}</td>
        </tr>
      </tbody>
    </table>
  );
}
