/**
 * The machine description and the docs/performance.md section of `npm run bench`: the block
 * between the markers is replaced on every run, the rest of the file (the CPU-kernel sections)
 * is kept as it is.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import { cpus, loadavg, release, totalmem, type } from 'node:os';
import type { MachineInfo } from './bench-results';
import { readDoc, replaceBlock, writeFormatted } from './doc-block';

const DOC = 'docs/performance.md';
const SECTION = '## Benchmark: lab vs bare tfjs';
const BEGIN = '<!-- bench:begin -->';
const END = '<!-- bench:end -->';
/** Shown above the markers when the section is first created. */
const INTRO =
  '`npm run bench` builds the lab and a bench page (Vite, into ' +
  '`node_modules/.cache/quantlab-bench/`), measures the lab against bare TensorFlow.js and ' +
  'against its targets in Node and headless Chromium, and rewrites the block below; it ' +
  'downloads nothing and takes 10-16 minutes on a shared 2-core machine, depending on its load. ' +
  '`npm run bench -- --quick` (short runs) and `--only node,browser,app,bundle,accuracy,sweep` ' +
  'print a report without writing this file; `--render` rewrites the block from the last ' +
  "run's saved results.";

/** The OS's name from /etc/os-release when there is one, else the kernel's. */
function osName(): string {
  try {
    const pretty = /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync('/etc/os-release', 'utf8'));
    if (pretty) return `${pretty[1]} (${type()} ${release()})`;
  } catch {
    // Not Linux: the kernel's name says enough.
  }
  return `${type()} ${release()}`;
}

/** Everything but the load at the end, which the caller fills in when the bench is done. */
export function machineInfo(chromium: string): MachineInfo {
  const cpu = cpus();
  return {
    cpu: cpu[0]?.model.trim() ?? 'unknown CPU',
    cores: cpu.length,
    memoryGiB: totalmem() / 2 ** 30,
    os: osName(),
    node: process.version,
    chromium,
    tfjs: tf.version.tfjs,
    load: { start: loadavg()[0]!, end: NaN },
  };
}

/** `doc` with the bench section (intro and `generated`) added after its title. */
function withSection(doc: string, generated: string): string {
  const section = `${SECTION}\n\n${INTRO}\n\n${generated}\n\n`;
  const title = /^# .*\n/m.exec(doc);
  const at = title ? title.index + title[0].length : 0;
  return `${doc.slice(0, at)}\n${section}${doc.slice(at).replace(/^\n+/, '')}`;
}

/** Replace the generated block, creating the section (after the title) if the doc lacks it. */
export async function writeBenchSection(block: string): Promise<string> {
  const generated = `${BEGIN}\n\n${block}\n\n${END}`;
  const doc = readDoc(DOC, '# Performance\n');
  await writeFormatted(
    DOC,
    replaceBlock(doc, { begin: BEGIN, end: END, generated }) ?? withSection(doc, generated),
  );
  return DOC;
}
