import { useLab } from '../../store/lab-store';
import { ptqEmptyText } from '../charts/empty-text';
import { ptqImagesText } from '../charts/series/ptq';

const pct = (v: number) => `${(100 * v).toFixed(1)} %`;

/** Latest PTQ sweep: test accuracy at W2..W8 next to the float model, and the method used. */
export function PtqTable() {
  const ptq = useLab((s) => s.run.ptq);
  const recipe = useLab((s) => s.run.recipe ?? s.recipe);
  if (!ptq) return <p className="hint-muted">{ptqEmptyText(recipe)}</p>;
  return (
    <table className="data-table" data-testid="ptq-table">
      <caption>
        {`Post-training quantization at step ${ptq.step} ${ptqImagesText(ptq.images, recipe.testExamples)}: ${ptq.method}`}
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
