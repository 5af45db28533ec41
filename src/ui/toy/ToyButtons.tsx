/** Props of {@link ToyButtons}. */
export interface ToyButtonsProps {
  running: boolean;
  onStep: () => void;
  onToggleRunning: () => void;
  onReset: () => void;
}

/** Step, Run/Pause and Reset of the toy widget. */
export function ToyButtons({ running, onStep, onToggleRunning, onReset }: ToyButtonsProps) {
  return (
    <div className="toy-buttons" role="group" aria-label="Toy simulation">
      {/* Names distinct from the training controls' Step/Pause/Reset (one name, one button). */}
      <button type="button" onClick={onStep} aria-label="Step the toy weight">
        Step
      </button>
      <button
        type="button"
        onClick={onToggleRunning}
        aria-label={running ? 'Pause the toy weight' : 'Run the toy weight'}
      >
        {running ? 'Pause' : 'Run'}
      </button>
      <button type="button" onClick={onReset} aria-label="Reset the toy weight">
        Reset
      </button>
    </div>
  );
}
