/**
 * `npm run bench:cpu`: training-step time of the engine's models (small CNN, MobileNet-tiny,
 * ResNet-tiny from the registry, each with its default activation, 28x28x1, 10 classes) on the
 * tfjs CPU backend with the stock kernels and with the fast kernels of src/engine/cpu-kernels,
 * plus a per-kernel profile of the fast steps. A step is the engine's plain training step with
 * its SGD-momentum optimizer. When a python3 with torch is present, the same small-CNN step in
 * PyTorch (scripts/peer/torch_step.py) is timed in the same sitting, the peer a user would pick
 * (issue 16's target: fast step ≤ 5x PyTorch). Prints the tables and writes them into
 * docs/performance.md (section "CPU backend: fast kernels", between the bench-cpu markers).
 */
import * as tf from '@tensorflow/tfjs';
import { cpus, loadavg } from 'node:os';
import { readDoc, replaceBlock, writeFormatted } from './lib/doc-block';
import { installFastCpuKernels, uninstallFastCpuKernels } from '../src/engine/cpu-kernels/index';
import {
  buildProfileModel,
  makeBatch,
  PROFILE_MODEL_NAMES,
  type ProfileModelName,
  trainStep,
} from '../src/engine/cpu-kernels/profile-models';
import { createOptimizer, SGD_MOMENTUM } from '../src/engine/training/optimizer';
import { torchPeer, torchPeerText } from './lib/torch-peer';

const BATCHES = [64, 16] as const;
/** Stock steps take seconds each (~15-30 s for ResNet-tiny at batch 64): keep few. */
const STOCK_STEPS = { warmup: 1, measured: 2 };
/** Fast steps are measured half before and half after the stock ones (see measure()). */
const FAST_STEPS = { warmup: 5, measured: 16 };
const PROFILE_BATCH = 64;
/** The batch of the PyTorch comparison (issue 16 names batch 64). */
const PEER_BATCH = 64;
const PROFILE_TOP = 8;
/** Profiled steps per model, averaged: one step alone is at the mercy of a GC pause. */
const PROFILE_STEPS = 3;
const LEARNING_RATE = 0.01;
const DOC = 'docs/performance.md';
const SECTION = '## CPU backend: fast kernels';
const BEGIN = '<!-- bench-cpu:begin -->';
const END = '<!-- bench-cpu:end -->';

interface Timing {
  model: ProfileModelName;
  batch: number;
  stockMs: number;
  fastMs: number;
}

interface KernelRow {
  name: string;
  ms: number;
  calls: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** A model, optimizer and batch ready to train; same seed, so same initial weights. */
function session(model: ProfileModelName, batch: number) {
  const net = buildProfileModel(model);
  const optimizer = createOptimizer('momentum', LEARNING_RATE);
  const { x, y } = makeBatch(batch);
  return {
    /** Runs `count` steps and returns the ms each took. */
    steps(count: number): number[] {
      return Array.from({ length: count }, () => {
        const start = performance.now();
        trainStep(net, optimizer, x, y);
        return performance.now() - start;
      });
    },
    dispose(): void {
      tf.dispose([x, y]);
      optimizer.dispose();
      net.dispose();
    },
  };
}

/**
 * Median step time with fast and with stock kernels. The fast samples are split around the
 * stock run, so a burst of other work on a shared machine lands in both columns rather than in
 * the few fast seconds alone.
 */
function measure(model: ProfileModelName, batch: number): Timing {
  installFastCpuKernels();
  const fast = session(model, batch);
  fast.steps(FAST_STEPS.warmup);
  const fastTimes = fast.steps(FAST_STEPS.measured / 2);
  uninstallFastCpuKernels();
  const stock = session(model, batch);
  stock.steps(STOCK_STEPS.warmup);
  const stockMs = median(stock.steps(STOCK_STEPS.measured));
  stock.dispose();
  installFastCpuKernels();
  fastTimes.push(...fast.steps(FAST_STEPS.measured / 2));
  fast.dispose();
  return { model, batch, stockMs, fastMs: median(fastTimes) };
}

/** Mean kernel time per kernel name over profiled fast steps, slowest first, and step time. */
async function profileStep(model: ProfileModelName, batch: number) {
  const net = buildProfileModel(model);
  const optimizer = createOptimizer('momentum', LEARNING_RATE);
  const { x, y } = makeBatch(batch);
  for (let i = 0; i < FAST_STEPS.warmup; i++) trainStep(net, optimizer, x, y);
  const start = performance.now();
  const info = await tf.profile(() => {
    for (let i = 0; i < PROFILE_STEPS; i++) trainStep(net, optimizer, x, y);
  });
  const stepMs = (performance.now() - start) / PROFILE_STEPS;
  const rows = new Map<string, KernelRow>();
  for (const k of info.kernels) {
    const row = rows.get(k.name) ?? { name: k.name, ms: 0, calls: 0 };
    row.ms += (typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0) / PROFILE_STEPS;
    row.calls += 1 / PROFILE_STEPS;
    rows.set(k.name, row);
  }
  tf.dispose([x, y]);
  optimizer.dispose();
  net.dispose();
  return { stepMs, rows: [...rows.values()].sort((a, b) => b.ms - a.ms) };
}

const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms.toFixed(1));

function timingTable(timings: Timing[]): string {
  const lines = [
    '| model | batch | stock ms/step | fast ms/step | speed-up |',
    '| --- | ---: | ---: | ---: | ---: |',
  ];
  for (const t of timings) {
    const ratio = (t.stockMs / t.fastMs).toFixed(1);
    lines.push(`| ${t.model} | ${t.batch} | ${fmt(t.stockMs)} | ${fmt(t.fastMs)} | ${ratio}x |`);
  }
  return lines.join('\n');
}

function profileTable(model: string, stepMs: number, rows: KernelRow[]): string {
  const total = rows.reduce((s, r) => s + r.ms, 0);
  const lines = [
    `**${model}**, batch ${PROFILE_BATCH}: ${fmt(stepMs)} ms per profiled step (the profiler ` +
      `also scans every output for NaN), of which kernels ${fmt(total)} ms.`,
    '',
    '| kernel | ms | calls | share of kernel time |',
    '| --- | ---: | ---: | ---: |',
  ];
  const top = rows.slice(0, PROFILE_TOP);
  for (const r of top) {
    const share = ((100 * r.ms) / total).toFixed(0);
    lines.push(`| ${r.name} | ${fmt(r.ms)} | ${Math.round(r.calls)} | ${share}% |`);
  }
  const rest = rows.slice(PROFILE_TOP);
  const restMs = rest.reduce((s, r) => s + r.ms, 0);
  const restCalls = Math.round(rest.reduce((s, r) => s + r.calls, 0));
  const restShare = ((100 * restMs) / total).toFixed(0);
  lines.push(`| ${rest.length} other kernels | ${fmt(restMs)} | ${restCalls} | ${restShare}% |`);
  return lines.join('\n');
}

function machine(): string {
  const cpu = cpus();
  const model = cpu[0]?.model.trim() ?? 'unknown CPU';
  // Other work on a shared machine slows both columns; the load average says how much.
  const load = loadavg()[0].toFixed(1);
  return (
    `${cpu.length} cores (${model}), Node ${process.version}, ` +
    `@tensorflow/tfjs ${tf.version.tfjs} (CPU backend ${tf.version_cpu}), load average ${load}`
  );
}

/** Replaces the generated block of the doc section, creating the section or file if needed. */
async function writeDoc(block: string): Promise<void> {
  const generated = `${BEGIN}\n${block}\n${END}`;
  const doc = readDoc(DOC, '# Performance\n');
  const section = doc.includes(SECTION) ? '' : `\n${SECTION}\n`;
  const appended = `${doc.trimEnd()}\n${section}\n${generated}\n`;
  await writeFormatted(DOC, replaceBlock(doc, { begin: BEGIN, end: END, generated }) ?? appended);
}

async function main(): Promise<void> {
  await tf.setBackend('cpu');
  const started = performance.now();
  const host = machine();
  const timings: Timing[] = [];
  for (const batch of BATCHES) {
    for (const model of PROFILE_MODEL_NAMES) {
      const t = measure(model, batch);
      timings.push(t);
      console.log(`${model} batch ${batch}: stock ${fmt(t.stockMs)} ms, fast ${fmt(t.fastMs)} ms`);
    }
  }
  const peer = torchPeer(PEER_BATCH);
  const fastSmall = timings.find((t) => t.model === 'small-cnn' && t.batch === PEER_BATCH);
  const peerText = torchPeerText(peer, fastSmall?.fastMs ?? null);
  console.log(peerText);
  const profiles: string[] = [];
  installFastCpuKernels();
  for (const model of PROFILE_MODEL_NAMES) {
    const { stepMs, rows } = await profileStep(model, PROFILE_BATCH);
    profiles.push(profileTable(model, stepMs, rows));
  }
  uninstallFastCpuKernels();
  const steps =
    `Stock: ${STOCK_STEPS.warmup} warm-up + median of ${STOCK_STEPS.measured} steps; ` +
    `fast: ${FAST_STEPS.warmup} warm-up + median of ${FAST_STEPS.measured} steps, half measured ` +
    `before and half after the stock steps.`;
  const block = [
    `Measured ${new Date().toISOString().slice(0, 10)} on ${host}.`,
    `The engine's models from \`src/engine/models/registry.ts\` (default activations, 28x28x1, ` +
      `10 classes), one training step each as the engine takes it: \`model.apply(x, 'train')\`, ` +
      `softmax cross-entropy, SGD with momentum ${SGD_MOMENTUM}. ${steps}`,
    '',
    timingTable(timings),
    '',
    peerText,
    '',
    `Where the time goes with the fast kernels (\`tf.profile\`, mean of ${PROFILE_STEPS} steps):`,
    '',
    profiles.join('\n\n'),
  ].join('\n');
  console.log(`\n${block}\n`);
  await writeDoc(block);
  console.log(`Wrote ${DOC} in ${((performance.now() - started) / 1000).toFixed(0)} s total.`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
