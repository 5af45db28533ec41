import { useLab } from '../../store/lab-store';

/**
 * Classroom mode on or off (`class=1` in the link): each demo then asks its question before
 * Start and reveals the answer with the run's evidence.
 */
export function ClassroomToggle() {
  const view = useLab((s) => s.view);
  const setView = useLab((s) => s.setView);
  return (
    <button
      type="button"
      data-testid="classroom-toggle"
      aria-pressed={view.classroom}
      onClick={() => setView({ ...view, classroom: !view.classroom })}
      title="Ask the class to predict each demo's result before Start"
    >
      Classroom
    </button>
  );
}
