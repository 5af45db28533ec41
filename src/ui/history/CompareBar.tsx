/** Props of {@link CompareBar}. */
export interface CompareBarProps {
  /** How many runs are picked (0..2). */
  picked: number;
  onCompare(): void;
}

/** "Compare A/B", enabled once exactly two runs are picked, with a hint on what to do. */
export function CompareBar({ picked, onCompare }: CompareBarProps) {
  return (
    <div className="run-compare">
      <button type="button" disabled={picked !== 2} onClick={onCompare}>
        Compare A/B
      </button>
      <span className="hint-muted">
        {picked === 2
          ? 'A is the first run picked, B the second.'
          : `Pick two runs to compare (${picked} picked).`}
      </span>
    </div>
  );
}
