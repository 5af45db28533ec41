/**
 * The Markdown block `npm run bench` writes into docs/performance.md: the machine, what each
 * number means, the targets with met/missed marks, the details, and why a missed target missed.
 */
import { stepZeroTestImages } from '../../src/settings/test-images';
import type { Responsiveness, StartupTiming } from './bench-app';
import { gzipTotal, type BundleSizes, type FileSize } from './bench-bundle';
import type { AccuracyRun } from './bench-node';
import type { SweepBench } from './bench-sweep';
import { isFailed, isSuite, rates, type BenchResults } from './bench-results';
import { explanation } from './bench-explain';
import { targetRows } from './bench-targets';
import { whyMissed } from './bench-why';

export const fmtMs = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));
export const fmtPct = (x: number) => `${(100 * x).toFixed(1)} %`;
export const fmtKiB = (bytes: number) => `${(bytes / 1024).toFixed(0)} KiB`;

function header(results: BenchResults): string {
  const m = results.machine;
  const d = results.defaults;
  return [
    `Measured ${results.date} on ${m.cpu}, ${m.cores} cores, ${m.memoryGiB.toFixed(0)} GiB, ` +
      `${m.os}; Node ${m.node}, ${m.chromium} (headless, Playwright), @tensorflow/tfjs ` +
      `${m.tfjs}. Load average ${m.load.start.toFixed(1)} at the start and ` +
      `${m.load.end.toFixed(1)} at the end (other work on the machine slows everything, ` +
      `ratios less than absolute times). The whole \`npm run bench\` took ` +
      `${(results.totalSeconds / 60).toFixed(1)} min (build ${results.buildSeconds.toFixed(0)} s).`,
    '',
    `Defaults used (from \`src/settings/schema.ts\`): ${d.optimizer}, learning rate ` +
      `${d.learningRate}, ${d.lrSchedule} schedule, ${d.warmupSteps} warm-up steps, ` +
      `${d.steps} steps, batch ${d.batchSize}, ` +
      `metrics every ${d.metricsEvery} steps, test accuracy every ${d.evalEvery} steps on ` +
      `${d.testExamples} images, ` +
      (d.ptqEvery ? `PTQ sweep every ${d.ptqEvery} steps.` : 'PTQ sweep only at the end.'),
  ].join('\n');
}

function targetsTable(results: BenchResults): string {
  const rows = targetRows(results).map(
    (r) =>
      `| ${r.n} | ${r.what} | ${r.where} | ${r.target} | ${r.value} | ` +
      `${r.ok === null ? '–' : r.ok ? 'met' : '**missed**'} |`,
  );
  return [
    '| # | measure | where | target | measured | |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
  ].join('\n');
}

const SUITE_HEADER = [
  'where',
  'backend',
  'batch',
  'warm-up + measured steps',
  'bare ms/step',
  'lab ms/step',
  'lab steps/s (own field)',
  'eval + histogram ms',
  'PTQ sweep s',
  'QAT ms/step',
  'kernels per step: bare / lab / QAT',
];

function suiteTable(results: BenchResults): string {
  const lines = [
    `| ${SUITE_HEADER.join(' | ')} |`,
    '| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const { where, result } of results.suites) {
    if (!isSuite(result)) {
      const cells = Array(SUITE_HEADER.length - 2).fill('');
      lines.push(
        `| ${where} | failed: ${result.error.replace(/\|/g, '/')} | ${cells.join(' | ')} |`,
      );
      continue;
    }
    const r = result;
    const p = r.profile;
    const cells = [
      where,
      r.backend + (r.backendReason ? ` (${r.backendReason})` : ''),
      r.plan.batchSize,
      `${r.plan.warmupSteps} + ${r.plan.measuredSteps}`,
      fmtMs(r.bareMsPerStep),
      fmtMs(r.fp.msPerStep),
      r.fp.reportedStepsPerSecond.toFixed(2),
      fmtMs(r.fp.evalMs) + (r.plan.testExamples === null ? '' : ` (${r.plan.testExamples} images)`),
      r.fp.ptqMs === null ? '–' : (r.fp.ptqMs / 1000).toFixed(1),
      fmtMs(r.qat.msPerStep),
      `${p.bare.kernels} / ${p.engine.kernels} / ${p.qat.kernels}`,
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

function bundleLine(b: BundleSizes): string {
  const list = (files: readonly FileSize[]) =>
    files.map((f) => `\`${f.file.replace(/^assets\//, '')}\` ${fmtKiB(f.gzip)}`).join(', ');
  return (
    `- Initial JS (entry chunk and its static imports from the Vite manifest, each gzipped ` +
    `with node:zlib level 9): ${fmtKiB(gzipTotal(b.initial))} = ${list(b.initial)}. ` +
    `Engine worker: ${fmtKiB(gzipTotal(b.worker))} (${list(b.worker)}), plus ` +
    `${fmtKiB(gzipTotal(b.workerLazy))} the worker loads when WebGPU is picked ` +
    `(${list(b.workerLazy)}). Lazy page chunks: ${list(b.lazy)}.`
  );
}

function startupLine(s: StartupTiming, results: BenchResults): string {
  const first =
    s.firstStep === null ? `not within ${s.waitMs / 1000} s` : `${fmtMs(s.firstStep)} ms`;
  return (
    `- Startup \`?${s.query}\` (${s.backend}): load event ${fmtMs(s.loadEvent)} ms, backend ` +
    `ready ${fmtMs(s.backendReady)} ms (${fmtMs(s.backendReady - s.loadEvent)} ms after load), ` +
    `Start clicked ${fmtMs(s.click)} ms (as soon as it was enabled), step 1 shown ${first}; ` +
    `${s.loadLongTasks.count} long tasks before the click (longest ` +
    `${fmtMs(s.loadLongTasks.longest)} ms).` +
    baselineText(s.backend, results)
  );
}

/**
 * Before step 1 the engine tests the untrained model (the step-0 point of the test curves); on a
 * backend whose suite evaluated fewer images, that evaluation's share of the wait, scaled up.
 */
function baselineText(backend: string, results: BenchResults): string {
  const suites = results.suites.map((s) => s.result).filter(isSuite);
  const suite = suites.find((r) => r.backend === backend);
  const images = suite?.plan.testExamples ?? null;
  if (!suite || images === null) return '';
  const total = stepZeroTestImages(results.defaults, true);
  const seconds = (suite.fp.evalMs * total) / images / 1000;
  return (
    ` Before step 1 the engine tests the untrained model on ${total} of ` +
    `${results.defaults.testExamples} test images (the step-0 point of the test curves, ` +
    `\`settings/test-images.ts\`): at the ${backend} suite's ${fmtMs(suite.fp.evalMs)} ms per ` +
    `${images} images, ${total} take about ${seconds.toFixed(1)} s (an upper bound: ` +
    `that time includes the weight histogram, and the test runs in larger chunks).`
  );
}

function trainingLine(r: Responsiveness): string {
  const u = rates(r);
  const perPlot = Object.entries(r.perPlot)
    .map(([id, n]) => `${id} ${n}`)
    .join(', ');
  return (
    `- Training \`?${r.recipe}\` (${r.backend}) for ${r.seconds.toFixed(0)} s from the first ` +
    `step shown: ${r.steps} steps (${u.stepsPerSecond.toFixed(2)} steps/s), ` +
    `${r.longTasks.count} long tasks (longest ${fmtMs(r.longTasks.longest)} ms, ` +
    `${fmtMs(r.longTasks.total)} ms in all; ${r.withRedraw.count} of them ended a Plotly ` +
    `redraw), ${r.redraws} redraws (${perPlot}), ${r.updates} distinct updates, ` +
    `${r.consoleErrors} console errors.` +
    redrawTimesText(r)
  );
}

/** Each plot's redraw time as the lab's redraw queue measures it (absent in older results). */
function redrawTimesText(r: Responsiveness): string {
  const times = Object.entries(r.redrawMs ?? {});
  if (!times.length) return '';
  const each = times
    .sort((a, b) => b[1].mean - a[1].mean)
    .map(([id, t]) => `${id} ${fmtMs(t.mean)} / ${fmtMs(t.longest)} ms (${t.over50} over 50)`)
    .join(', ');
  return ` Redraw time per plot, mean / longest (the synchronous part of \`Plotly.react\`, timed by the redraw queue): ${each}.`;
}

function accuracyLine(a: AccuracyRun): string {
  return (
    `- Accuracy run: defaults with test accuracy every ${a.config.evalEvery} steps on all ` +
    `${a.testCount} test images, batch ${a.config.batchSize}, up to ${a.config.steps} steps, ` +
    `stopped once ${fmtPct(a.target)} was reached; best ${fmtPct(a.best.accuracy)} at step ` +
    `${a.best.step}; ${a.seconds.toFixed(0)} s.`
  );
}

function sweepLine(s: SweepBench): string {
  const values = s.spec.values.join(', ');
  return (
    `- Sweep: \`npm run sweep\`'s runner on \`?${s.recipe}\`, ${s.spec.knob} ${values} × ` +
    `${s.spec.seeds} seeds (${s.runs} runs of ${s.steps} steps): ${s.oneJobSeconds.toFixed(0)} s ` +
    `with 1 job, ${s.jobsSeconds.toFixed(0)} s with ${s.jobs} (${s.cores} cores; passes in order: ` +
    `${s.passes.map((p) => `${p.jobs} job${p.jobs > 1 ? 's' : ''} ${p.seconds.toFixed(0)} s`).join(', ')}).`
  );
}

function appDetails(results: BenchResults): string {
  const lines: string[] = [];
  if (!isFailed(results.bundle)) lines.push(bundleLine(results.bundle));
  if (!isFailed(results.app)) {
    lines.push(
      ...results.app.startups.map((s) => startupLine(s, results)),
      trainingLine(results.app.responsiveness),
    );
  }
  if (!isFailed(results.accuracy)) lines.push(accuracyLine(results.accuracy));
  if (results.sweep && !isFailed(results.sweep)) lines.push(sweepLine(results.sweep));
  return lines.join('\n');
}

/** The generated block (without markers). */
export function renderReport(results: BenchResults): string {
  const why = whyMissed(results);
  const { nodePlan, browserPlans, appRecipe, appSeconds } = results.setup;
  return [
    header(results),
    '',
    explanation(results.defaults, nodePlan, browserPlans, appRecipe, appSeconds),
    '',
    '### Targets',
    '',
    targetsTable(results),
    '',
    '### Details',
    '',
    suiteTable(results),
    '',
    appDetails(results),
    ...(why.length ? ['', '### Why the missed targets miss', '', ...why] : []),
  ].join('\n');
}
