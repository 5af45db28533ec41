import { useId } from 'react';
import { ToyButtons } from './ToyButtons';
import { ToyControls } from './ToyControls';
import { ToyPlot } from './ToyPlot';
import { ToyReadouts } from './ToyReadouts';
import { toyScale } from './toy-options';
import { useToySimulation } from './use-toy-simulation';
import './toy.css';

/**
 * The toy oscillation demo (methods.md 5.7, [OSC-paper] Sec. 2.2): one latent weight trained under
 * QAT towards a target between two grid points, stepped in the browser (no data, no worker, no
 * tfjs). A self-contained section with its own local state; drop it anywhere in the page.
 */
export function ToyDemo() {
  const headingId = useId();
  const sim = useToySimulation();
  const { controls, run } = sim;
  const scale = toyScale(controls.bits);
  return (
    <section className="toy-demo" data-testid="toy-demo" aria-labelledby={headingId}>
      <h2 id={headingId}>Toy: one weight that cannot settle</h2>
      <p className="toy-caption">
        One weight is trained to match a target w* that lies between two grid levels, using the
        expected gradient (E[x²] = 1, so every run is the same). The latent weight w (blue) walks to
        the decision threshold (dotted) and hovers there while its quantized value q(w) (vermillion)
        flips between the two levels; averaged over time, q equals w*. Raise the dampening λ (which
        pulls w back to its level) or switch freezing on (which holds q once the flip frequency f
        passes the threshold) and the flips stop.
      </p>
      <div className="toy-layout">
        <div className="toy-side">
          <ToyControls controls={controls} onChange={sim.update} />
          <ToyButtons
            running={sim.running}
            onStep={sim.step}
            onToggleRunning={sim.toggleRunning}
            onReset={sim.reset}
          />
        </div>
        <div className="toy-main">
          <ToyPlot
            history={run.history}
            wStar={controls.wStar}
            scale={scale}
            bits={controls.bits}
          />
          <ToyReadouts sim={run.sim} scale={scale} wStar={controls.wStar} />
        </div>
      </div>
    </section>
  );
}
