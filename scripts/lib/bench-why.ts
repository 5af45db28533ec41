/**
 * One paragraph per missed target, built from the measurements themselves (timing breakdowns,
 * kernel counts from `tf.profile`, long tasks matched with Plotly redraws), so the reason shown
 * is always the one of this run.
 */
import type { SuiteResult } from '../../src/bench/bench-types';
import type { Responsiveness } from './bench-app';
import {
  isFailed,
  rates,
  suiteRatios,
  TARGETS,
  type BenchResults,
  type CadenceDefaults,
} from './bench-results';

const ms = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1));

/** Kernels launched more (or less) often by `b` than by `a`, most different first. */
function kernelDiff(a: Record<string, number>, b: Record<string, number>): string {
  const names = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...names]
    .map((name) => ({ name, delta: (b[name] ?? 0) - (a[name] ?? 0) }))
    .filter((d) => d.delta !== 0)
    .sort((x, y) => Math.abs(y.delta) - Math.abs(x.delta))
    .map((d) => `${d.name} ${d.delta > 0 ? '+' : ''}${d.delta}`)
    .join(', ');
}

function stepWhy(where: string, r: SuiteResult, defaults: CadenceDefaults): string[] {
  const q = suiteRatios(r, defaults);
  const out: string[] = [];
  const every = r.metricsEvery;
  if (q.step > TARGETS.stepRatio) {
    const extra = r.fp.msPerStep - r.bareMsPerStep;
    const reads = r.fp.reads.layerStats + r.fp.reads.techniques + r.fp.reads.weightTrace;
    const kernels = r.profile.engine.kernels - r.profile.bare.kernels;
    const perKernel = r.bareMsPerStep / r.profile.bare.kernels;
    const rounds = r.fp.windowsMs.map((w, i) => `${ms(w)} / ${ms(r.bareWindowsMs[i]!)}`);
    out.push(
      `- **1, ${where}**: the lab step takes ${ms(extra)} ms more than the bare one ` +
        `(medians ${ms(r.fp.msPerStep)} vs ${ms(r.bareMsPerStep)} ms; rounds, lab / bare ms per ` +
        `${every} steps: ${rounds.join(', ')}). The reads after each metrics read (layer ` +
        `statistics) take ${ms(reads)} ms per ${every} steps (${ms(reads / every)} ms/step). ` +
        `A lab step launches ${r.profile.engine.kernels} kernels against the bare step's ` +
        `${r.profile.bare.kernels} (${kernels >= 0 ? '+' : ''}${kernels}: ` +
        `${kernelDiff(r.profile.bare.byKernel, r.profile.engine.byKernel)}: \`countCorrect\` ` +
        `and the one stack of loss, correct count and loss terms per step that ` +
        `\`training/accumulators.ts\` keeps until the read; Identity costs no GPU work); at ` +
        `the bare step's ${ms(perKernel)} ms ` +
        `per kernel on this backend that is ~${ms(kernels * perKernel)} ms/step.`,
    );
  }
  if (q.allIn !== null && q.allIn > TARGETS.stepRatio) {
    out.push(
      `- **1 with evaluation, ${where}**: one test evaluation of ${defaults.testExamples} images ` +
        `plus the weight histogram takes ${ms(r.fp.evalMs)} ms, every ${r.evalEvery} steps: ` +
        `${ms(r.fp.evalMs / r.evalEvery)} ms/step on top of the lab step, whose own ratio is ` +
        `${q.step.toFixed(2)}. A profile of the evaluation puts most of it in the forward ` +
        `convolutions (\`Conv2D\`) of the test images: it scales with the recipe's test images ` +
        `and evaluation cadence (the \`test\` and \`eval\` settings), not with the lab's ` +
        `instrumentation.`,
    );
  }
  if (q.qat > TARGETS.qatRatio) {
    const time = (p: SuiteResult['profile']['qat']) =>
      p.kernelMs === null ? '' : `, ${ms(p.kernelMs)} ms of kernel time`;
    out.push(
      `- **2, ${where}**: a QAT step launches ${r.profile.qat.kernels} kernels` +
        `${time(r.profile.qat)} against the float step's ${r.profile.engine.kernels}` +
        `${time(r.profile.engine)} (\`tf.profile\` of one step each; most added: ` +
        `${kernelDiff(r.profile.engine.byKernel, r.profile.qat.byKernel).split(', ').slice(0, 6).join(', ')}): ` +
        `a fake quantizer on every ` +
        `weight and layer input, their gradients, the quantizers' own Adam and oscillation ` +
        `tracking. Its metrics reads add ${ms(r.qat.reads.techniques + r.qat.reads.weightTrace)} ms ` +
        `per ${every} steps (technique reports, weight trace).`,
    );
  }
  if (q.ptq !== null && q.ptq > TARGETS.ptqShare) {
    const evals = 7 * r.fp.evalMs;
    out.push(
      `- **3, ${where}**: the sweep evaluates the test set once per bit width (7 evaluations, ` +
        `~${(evals / 1000).toFixed(1)} s at ${ms(r.fp.evalMs)} ms each, histogram included) and ` +
        `searches each layer's range (MSE, K = 100 candidates per layer and bit width): ` +
        `${(r.fp.ptqMs! / 1000).toFixed(1)} s in all.`,
    );
  }
  return out;
}

function appWhy(results: BenchResults): string[] {
  if (isFailed(results.app)) return [];
  const r = results.app.responsiveness;
  const out: string[] = [];
  if (r.longTasks.count > 0) {
    const plots = Object.entries(r.withRedraw.plots)
      .map(([id, n]) => `${id} ${n}`)
      .join(', ');
    const inTasks = Object.values(r.withRedraw.plots).reduce((a, b) => a + b, 0);
    out.push(
      `- **4, long tasks**: ${r.withRedraw.count} of the ${r.longTasks.count} long tasks ended ` +
        `Plotly redraws, ${inTasks} of the ${r.redraws} redraws in all (${plots || 'none'}), up ` +
        `to ${r.withRedraw.mostInOne} in one task` +
        (r.withRedraw.mostInOne > 1
          ? ': several plots redrew in the same animation frame, one task.'
          : `: each is one Plotly redraw (the shared queue draws one plot per frame)` +
            redrawTimesWhy(r) +
            '. Plotly replots a plot fully on every data change (`diffData` in its ' +
            '`plot_api.js` turns any changed data array into a full replot), and a CPU profile ' +
            'of the main thread puts most of a replot in axis ticks, legends and defaults ' +
            '(SVG text measured with `getBoundingClientRect`); the long task adds the ' +
            "frame's style and layout of the new SVG to the redraw.") +
        (r.withRedraw.count < r.longTasks.count
          ? ' A long task without a redraw is React applying engine events and rendering ' +
            '(the probe cannot see inside it).'
          : '') +
        ` The main ` +
        `thread shares ${results.machine.cores} cores with the worker's training and SwiftShader ` +
        `(load average ${results.machine.load.start.toFixed(1)} at the start, ` +
        `${results.machine.load.end.toFixed(1)} at the end), which lengthens every task.`,
    );
  }
  const u = rates(r);
  if (u.updates < TARGETS.plotUpdatesPerSecond) {
    const every = results.defaults.metricsEvery;
    out.push(
      `- **4, plot updates**: plots change only when an engine event arrives, and the lab ` +
        `reads metrics every ${every} steps: at ${u.stepsPerSecond.toFixed(2)} steps/s that is ` +
        `${(u.stepsPerSecond / every).toFixed(2)} metric events/s (plus test, histogram and PTQ ` +
        `events), and every plot redraws at most once per event.`,
    );
  }
  return out;
}

/** The redraw queue's timings behind the long tasks, when the results have them. */
function redrawTimesWhy(r: Responsiveness): string {
  const times = Object.values(r.redrawMs ?? {});
  if (!times.length) return '';
  const count = times.reduce((sum, t) => sum + t.count, 0);
  const over = times.reduce((sum, t) => sum + t.over50, 0);
  const means = times.map((t) => t.mean);
  return (
    `; the synchronous \`Plotly.react\` of a redraw averages ${ms(Math.min(...means))}-` +
    `${ms(Math.max(...means))} ms per plot and passed 50 ms in ${over} of its ${count} timed ` +
    `redraws`
  );
}

function accuracyWhy(results: BenchResults): string[] {
  if (isFailed(results.accuracy)) return [];
  const a = results.accuracy;
  if (a.reachedAt !== null && a.reachedAt <= TARGETS.stepsTo97) return [];
  const when =
    a.reachedAt === null ? `not within ${a.stepsRun} steps` : `only at step ${a.reachedAt}`;
  return [
    `- **6**: the default recipe reached ${(100 * a.target).toFixed(0)} % ${when}; the best ` +
      `test accuracy was ${(100 * a.best.accuracy).toFixed(1)} % at step ${a.best.step}. The ` +
      `defaults (optimizer, learning rate, schedule, batch) set this; the bench does not change them.`,
  ];
}

function sweepWhy(results: BenchResults): string[] {
  const s = results.sweep;
  if (!s || isFailed(s) || s.ratio >= s.target) return [];
  const load = results.machine.load;
  return [
    `- **7**: ${s.jobs} child processes finished the ${s.runs} runs in ` +
      `${s.jobsSeconds.toFixed(0)} s against ${s.oneJobSeconds.toFixed(0)} s for one. Each ` +
      `process trains on one core (the tfjs CPU backend is single-threaded), so the ratio ` +
      `falls short when the ${s.cores} cores are shared with other work (load average ` +
      `${load.start.toFixed(1)} at the start, ${load.end.toFixed(1)} at the end) and by each ` +
      `process's start-up (tfjs and the data set), which the second pass pays per worker.`,
  ];
}

/** Bullet lines, one per missed target (empty when all are met). */
export function whyMissed(results: BenchResults): string[] {
  const suites = results.suites.flatMap(({ where, result }) =>
    'fp' in result ? stepWhy(where, result, results.defaults) : [],
  );
  return [...suites, ...appWhy(results), ...accuracyWhy(results), ...sweepWhy(results)];
}
