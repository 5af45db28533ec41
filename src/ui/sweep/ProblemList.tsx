import type { SweepProblem } from '../../sweep/sweep-spec';

/** The form's problems that belong to `part`, next to it; `id` lets the field point at them. */
export function ProblemList({
  id,
  problems,
  part,
}: {
  id: string;
  problems: readonly SweepProblem[];
  part: SweepProblem['part'];
}) {
  const mine = problems.filter((p) => p.part === part);
  if (mine.length === 0) return null;
  return (
    <ul id={id} className="sweep-problems" data-testid={`sweep-problems-${part}`}>
      {mine.map((p, i) => (
        <li key={i}>{p.message}</li>
      ))}
    </ul>
  );
}
