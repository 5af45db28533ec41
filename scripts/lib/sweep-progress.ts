/**
 * A headless sweep's progress lines on stderr: each run started and done, runs done of the
 * total, the steps per second over every run of this session, and the time left at that pace.
 */
import { SETTINGS } from '../../src/settings/schema';
import { runSteps } from '../../src/settings/pretrain';
import type { SweepRun } from '../../src/sweep/sweep-types';
import type { SweepSpec } from '../../src/sweep/sweep-types';

/** Elapsed time as `12m05s`. */
export function clock(seconds: number): string {
  const whole = Math.round(seconds);
  return `${Math.floor(whole / 60)}m${String(whole % 60).padStart(2, '0')}s`;
}

export interface SweepProgress {
  started(run: SweepRun): void;
  done(run: SweepRun, seconds: number, diverged: boolean): void;
  failed(run: SweepRun, message: string): void;
  /** A plain line with the elapsed time. */
  say(line: string): void;
  readonly seconds: number;
}

/**
 * Progress over `total` planned runs, `reused` of them already saved; `write` is stderr by default.
 */
export function createSweepProgress(
  spec: SweepSpec,
  total: number,
  reused: number,
  write: (text: string) => void = (text) => void process.stderr.write(text),
): SweepProgress {
  const t0 = performance.now();
  const elapsed = () => (performance.now() - t0) / 1000;
  const param = SETTINGS[spec.knob].param;
  const name = (run: SweepRun) => `${param}=${run.value} seed ${run.seed}`;
  let trained = 0;
  let steps = 0;
  const say = (line: string) => write(`[sweep ${clock(elapsed())}] ${line}\n`);
  return {
    say,
    get seconds() {
      return elapsed();
    },
    started: (run) => say(`started ${name(run)}`),
    done(run, seconds, diverged) {
      trained++;
      steps += runSteps(run.recipe);
      const left = (elapsed() / trained) * (total - reused - trained);
      const own = `${seconds.toFixed(1)} s, ${(runSteps(run.recipe) / seconds).toFixed(1)} steps/s`;
      const pace = `${(steps / elapsed()).toFixed(1)} steps/s in all`;
      const note = diverged ? ' DIVERGED' : '';
      say(
        `${reused + trained}/${total} done (${name(run)}: ${own}${note}); ${pace}, ~${clock(left)} left`,
      );
    },
    failed: (run, message) => say(`${name(run)} failed: ${message}`),
  };
}
