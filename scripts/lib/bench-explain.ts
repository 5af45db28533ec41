/** The plain-words part of the bench section: what each number is and how it was measured. */
import type { BenchPlan } from '../../src/bench/bench-types';
import { TARGETS, type CadenceDefaults } from './bench-results';

/** `plans` are the browser suites' plans, `appRecipe` the query of the main-thread run. */
export function explanation(
  d: CadenceDefaults,
  nodePlan: BenchPlan,
  plans: readonly BenchPlan[],
  appRecipe: string,
  appSeconds: number,
): string {
  const gpu = plans.filter((p) => p.testExamples !== null);
  const gpuNote = gpu.length
    ? `The GPU backends here are SwiftShader (Chromium's CPU emulation of a GPU), 5-20x slower ` +
      `than the CPU backend, so ${gpu.map((p) => p.backend).join(' and ')} run at batch ` +
      `${gpu.map((p) => p.batchSize).join('/')}, with ${gpu[0]!.testExamples} test images per ` +
      `evaluation and no end-of-run PTQ sweep (evaluating the default ${d.testExamples} images ` +
      `takes about two minutes on SwiftShader WebGPU); their evaluation-dependent ratios are left out.`
    : '';
  return [
    '**How to read it.** Ratios above 1 mean the lab is slower than what it is compared with.',
    '',
    `- **(1) lab step / bare tfjs step**: the lab's engine as the lab runs it (\`createEngine\`, ` +
      `default recipe except backend, batch and steps, so every read of the default cadence ` +
      `happens: train metrics, layer statistics and technique reports every ${d.metricsEvery} ` +
      `steps) against a bare loop that trains the same registry model with the same optimizer, ` +
      `data feed (a device-side gather of a seeded batch) and batch, and nothing else. Both yield ` +
      `to the event loop after every step (the engine's \`yieldToEventLoop\`), and both are timed ` +
      `in windows of ${d.metricsEvery} steps that end in device reads: the engine is paused and ` +
      `resumed with its own commands at its metrics reads, and a window runs from its resume ` +
      `to its last cadence event (train metrics, layer statistics, technique reports, weight ` +
      `trace; timestamped as they are emitted); the bare loop's chunk ends in a read of its ` +
      `last loss. The ${nodePlan.warmupSteps} first steps of each loop are discarded. Then each ` +
      `round times one bare chunk, one float-engine window and one QAT-engine window back to ` +
      `back, in the same worker or process, and each ratio is the median over rounds of the ` +
      `ratio within a round, so the machine's other work weighs on both sides alike. ` +
      `Evaluations follow the reads and are timed apart; the row "with test evaluation ` +
      `amortized" adds one evaluation (and its weight histogram) per ${d.evalEvery} steps. The ` +
      `engine's own \`stepsPerSecond\` field, in the details, leaves out the reads after the ` +
      `metrics read.`,
    `- **(2) QAT / FP**: the same engine timing with \`qat=lsq+\`, \`wBits=4\`, \`aBits=4\` ` +
      `(LSQ+ W4A4, oscillation tracking on as by default) over the float run.`,
    `- **(3) PTQ sweep / training**: ` +
      (d.ptqEvery > 0
        ? `the sweep every ${d.ptqEvery} steps over the training time between two sweeps.`
        : `\`ptqEvery\` is 0 by default (no sweep during training), so this is the ` +
          `end-of-training sweep W2..W8 (timed between the float run's histogram and ptq events) ` +
          `over the whole run's training time, estimated as ${d.steps} steps × the lab step ` +
          `time with evaluation amortized.`),
    `- **Where**: Node runs the engine on the CPU backend with the fast kernels (as ` +
      `\`npm run train\`); Chromium runs it inside one dedicated Web Worker of the bench page ` +
      `(\`src/bench\`, built by Vite into \`node_modules/.cache/quantlab-bench/page\`, never part of the lab's build) with ` +
      `the lab worker's environment (backend choice, data fetched from \`public/data\`, fast CPU ` +
      `kernels), one fresh browser per backend. ${gpuNote}`,
    `- **(4) main thread**: the built lab (\`vite build\` with \`vite.config.ts\` into ` +
      `\`node_modules/.cache/quantlab-bench/app\`, served by \`vite preview\`), opened at \`?${appRecipe}\` so every ` +
      `plot gets data (the CPU backend gives the most engine events per second here), Start ` +
      `clicked, then ${appSeconds} s watched from the first step shown. Long tasks come from a ` +
      `\`PerformanceObserver({type: 'longtask', buffered: true})\` installed with ` +
      `\`page.addInitScript\`. Redraws are counted with a \`plotly_afterplot\` listener on every ` +
      `\`.js-plotly-plot\` element (attached by a MutationObserver as Plotly sets each one up); ` +
      `redraws less than 50 ms apart are one visible update, and the target is checked on ` +
      `updates per second. As in every lab session, the worker reads the train metrics (loss, ` +
      `accuracy, loss terms) also whenever 250 ms have passed since the last read ` +
      `(\`liveMetricsMs\` in \`engine/worker.ts\`), and all plots share one redraw queue that ` +
      `draws one plot per animation frame (\`ui/charts/redraw-queue.ts\`). Ratios (1)-(3) run ` +
      `the engine without the 250 ms reads, on the step cadence alone.`,
    `- **(5) load**: initial JS is the entry chunk and its static imports from the Vite ` +
      `manifest, each gzipped on its own; lazy chunks and the engine worker are listed apart. ` +
      `Startup times are from navigation start, with Start clicked as soon as it is enabled and ` +
      `\`every=1\` so the status shows step 1 (by default it first shows step ${d.metricsEvery}).`,
    `- **(6) accuracy**: Node, the defaults with only \`evalEvery\` lowered and the whole test ` +
      `split evaluated; the first evaluated step at or above 97 %.`,
    `- **(7) sweep**: a small fixed sweep (the default recipe cut short, 2 learning rates × 2 ` +
      `seeds) trained by \`npm run sweep\`'s runner on child processes, with 1 job and ` +
      `with N = min(2, cores) jobs, in the order 1, N, N, 1 (a load that changes meanwhile weighs ` +
      `on both alike), each pass starting its own workers (their start-up counts, as in a real ` +
      `sweep); the ratio is runs/s with N jobs over runs/s with 1, against ` +
      `${TARGETS.sweepEfficiency} × min(N, cores).`,
  ].join('\n');
}
