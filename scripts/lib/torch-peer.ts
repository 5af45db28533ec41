/**
 * The PyTorch peer of `npm run bench:cpu`: runs scripts/peer/torch_step.py (the small CNN's
 * training step in PyTorch) when a python3 with torch is present, and says so when it is not:
 * the bench runs without it.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SCRIPT = fileURLToPath(new URL('../peer/torch_step.py', import.meta.url));
/** A torch import and 80 steps take a few seconds; a hung python must not hold the bench. */
const TIMEOUT_MS = 180_000;
/** Issue 16: the fast CPU step within this factor of PyTorch's, same sitting, same cores. */
export const TORCH_TARGET = 5;
/**
 * Processes per thread count, alternated (all cores, one, all, one): on this shared VM one
 * process's median moves 2-3x from one minute to the next, so each figure is a mean over them.
 */
const ROUNDS = 2;

/** One torch_step.py process: the median step at `batch` on `threads` threads. */
interface TorchRun {
  torch: string;
  batch: number;
  threads: number;
  ms: number;
  warmup: number;
  measured: number;
}

export interface TorchTiming {
  torch: string;
  batch: number;
  /** Threads of the all-cores runs. */
  threads: number;
  /** Mean of the all-cores runs' medians, and of the one-thread runs'. */
  ms: number;
  msOneThread: number;
  runs: { threads: number; ms: number }[];
  warmup: number;
  measured: number;
}

export type TorchPeer = { ok: true; timing: TorchTiming } | { ok: false; why: string };

/**
 * Pythons to try, in order: `QUANTLAB_PYTHON`, the one on PATH, then Debian's (a pyenv shim on
 * PATH hides the python3-torch that apt installs into /usr/bin/python3).
 */
export const PYTHONS = [process.env.QUANTLAB_PYTHON, 'python3', '/usr/bin/python3'].filter(
  (p): p is string => Boolean(p),
);

/** Time the PyTorch step at `batch` with the first python that has torch, or say why not. */
export function torchPeer(batch: number): TorchPeer {
  let why = 'no python3 was found';
  for (const python of new Set(PYTHONS)) {
    const first = runWith(python, batch, 0);
    if (typeof first === 'string') {
      why = first;
      continue;
    }
    const runs = [first];
    for (let i = 1; i < 2 * ROUNDS; i++) {
      const run = runWith(python, batch, i % 2 === 0 ? 0 : 1);
      if (typeof run === 'string') return { ok: false, why: run };
      runs.push(run);
    }
    return { ok: true, timing: summarize(runs) };
  }
  return { ok: false, why };
}

const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;

function summarize(runs: TorchRun[]): TorchTiming {
  // The runs alternate: all cores at even places, one thread at odd ones.
  const all = runs.filter((_, i) => i % 2 === 0);
  const one = runs.filter((_, i) => i % 2 === 1);
  const { torch, batch, threads, warmup, measured } = runs[0]!;
  return {
    torch,
    batch,
    threads,
    ms: mean(all.map((r) => r.ms)),
    msOneThread: mean(one.map((r) => r.ms)),
    runs: runs.map((r) => ({ threads: r.threads, ms: r.ms })),
    warmup,
    measured,
  };
}

/** One process on `threads` threads (0 = all cores); a sentence when it fails. */
function runWith(python: string, batch: number, threads: number): TorchRun | string {
  const args = [SCRIPT, String(batch), String(threads)];
  const run = spawnSync(python, args, { encoding: 'utf8', timeout: TIMEOUT_MS });
  if (run.error) return `${python} could not run (${run.error.message})`;
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    const parsed = JSON.parse(line) as Partial<TorchRun> & { error?: string };
    if (parsed.error) return `${python}: ${parsed.error}`;
    if (typeof parsed.ms !== 'number') throw new Error('no timing');
    return parsed as TorchRun;
  } catch {
    const why = (run.stderr || line || `exit code ${run.status}`).trim().split('\n').pop();
    return `${python} scripts/peer/torch_step.py failed: ${why}`;
  }
}

const ms = (v: number) => (v >= 100 ? v.toFixed(0) : v.toFixed(1));

/** The report's PyTorch paragraph: the peer's times and the fast step's ratio to them. */
export function torchPeerText(peer: TorchPeer, fastMs: number | null): string {
  if (!peer.ok) {
    return `**PyTorch peer**: not measured: ${peer.why}. The other rows do not need it.`;
  }
  const t = peer.timing;
  const verdict = fastMs === null ? '' : ` ${ratioText(fastMs, t)}`;
  const runs = t.runs.map((r) => `${ms(r.ms)} (${r.threads})`).join(', ');
  return (
    `**PyTorch peer** (torch ${t.torch}, \`scripts/peer/torch_step.py\`, the same small CNN, ` +
    `batch ${t.batch}, SGD momentum, ${t.warmup} warm-up + median of ${t.measured} steps per ` +
    `process, measured in this sitting): ${ms(t.ms)} ms/step on ${t.threads} threads (all cores), ` +
    `${ms(t.msOneThread)} ms on one (mean of the processes' medians, ms (threads): ${runs}).${verdict}`
  );
}

/** The fast step against PyTorch on all cores (the target) and on one thread. */
function ratioText(fastMs: number, t: TorchTiming): string {
  const ratio = fastMs / t.ms;
  const met = ratio <= TORCH_TARGET ? 'met' : 'missed';
  return (
    `The fast tfjs step (${ms(fastMs)} ms) is **${ratio.toFixed(1)}x** PyTorch's ` +
    `(target ≤ ${TORCH_TARGET}x: ${met}); against PyTorch on one thread, as the tfjs CPU ` +
    `backend runs, ${(fastMs / t.msOneThread).toFixed(1)}x.`
  );
}
