/**
 * The payoff part of `npm run bench` (issue 15): how soon a class sees what a demo is for.
 * Recorded: the built lab opened at each preset's link until its payoff plot (the demo's first)
 * holds the recorded run's points. Live: each preset with PTQ sweeps on a cadence trained by the
 * engine on the CPU backend in Node (as `npm run train`) from Start to its first sweep, and the
 * second sweep's time over the training since the first.
 */
import { collectErrors, launch } from '../../test/e2e/harness';
import { createEngine } from '../../src/engine/engine';
import type { EngineEvent } from '../../src/engine/protocol';
import { PRESETS, presetRecipe, type Preset } from '../../src/settings/presets';
import { serveApp } from './bench-build';
import { nodeEnv } from './node-env';

/** Open a preset's link → its payoff plot drawn from the recording, ms since navigation. */
export interface RecordedPayoff {
  preset: string;
  /** Null when the plot had no points within the wait. */
  ms: number | null;
  consoleErrors: number;
}

/** One float preset trained live from Start to its second cadence sweep. */
export interface LivePayoff {
  preset: string;
  ptqEvery: number;
  /** Test images of a cadence sweep (its float reference included). */
  images: number;
  /** Start command → first 'ptq' event, s (the engine's start-up and step-0 test included). */
  firstSweepS: number;
  /** The second sweep alone (from the event before it), s. */
  sweepS: number;
  /** Training and its other reads between the first sweep and the second's start, s. */
  betweenS: number;
  share: number;
}

export interface PayoffBench {
  recorded: RecordedPayoff[];
  live: LivePayoff[];
}

const RECORDED_WAIT_MS = 30_000;

/** Time each preset's link until its payoff plot has points (one fresh page per preset). */
async function measureRecorded(presets: readonly Preset[]): Promise<RecordedPayoff[]> {
  const server = await serveApp();
  const browser = await launch(false);
  try {
    const out: RecordedPayoff[] = [];
    for (const preset of presets) {
      const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
      const errors = collectErrors(page);
      await page.goto(`${server.url}?preset=${preset.id}`);
      const selector = `[data-plot=${preset.demo.plots[0]}] [data-points]`;
      let ms: number | null = null;
      try {
        await page.waitForFunction(
          (s) => Number(document.querySelector(s)?.getAttribute('data-points')) > 0,
          selector,
          { timeout: RECORDED_WAIT_MS, polling: 50 },
        );
        ms = await page.evaluate(() => performance.now());
      } catch {
        ms = null;
      }
      out.push({ preset: preset.id, ms, consoleErrors: errors.length });
      console.log(`  recorded ${preset.id}: ${ms === null ? 'not filled' : `${ms.toFixed(0)} ms`}`);
      await page.close();
    }
    return out;
  } finally {
    await browser.close();
    await server.close();
  }
}

/** Train `preset` on the CPU backend until its second cadence sweep; time both sweeps. */
async function measureLive(preset: Preset): Promise<LivePayoff> {
  const recipe = { ...presetRecipe(preset), backend: 'cpu' as const };
  const stamps: { t: number; event: EngineEvent }[] = [];
  let settle!: (error: string | null) => void;
  const ended = new Promise<string | null>((resolve) => (settle = resolve));
  const engine = createEngine(nodeEnv, (event) => {
    stamps.push({ t: performance.now(), event });
    const sweeps = stamps.filter((s) => s.event.type === 'ptq').length;
    if (event.type === 'ptq' && sweeps === 2) void engine.handle({ type: 'pause' });
    if (event.type === 'error') settle(`${event.kind}: ${event.message}`);
    if (event.type === 'phase' && ['paused', 'finished'].includes(event.phase)) settle(null);
    if (event.type === 'phase' && event.phase === 'failed') settle(event.message);
  });
  const started = performance.now();
  try {
    await engine.handle({ type: 'start', recipe });
    const error = await ended;
    if (error) throw new Error(`${preset.id}: ${error}`);
  } finally {
    await engine.destroy();
  }
  const sweepAt = stamps.flatMap((s, i) => (s.event.type === 'ptq' ? [i] : []));
  if (sweepAt.length < 2) throw new Error(`${preset.id}: fewer than two PTQ sweeps`);
  const [first, second] = [stamps[sweepAt[0]!]!, stamps[sweepAt[1]!]!];
  const sweepS = (second.t - stamps[sweepAt[1]! - 1]!.t) / 1000;
  const betweenS = (second.t - first.t) / 1000 - sweepS;
  const images = first.event.type === 'ptq' ? first.event.images : 0;
  return {
    preset: preset.id,
    ptqEvery: recipe.ptqEvery,
    images,
    firstSweepS: (first.t - started) / 1000,
    sweepS,
    betweenS,
    share: sweepS / betweenS,
  };
}

/** Both halves; `quick` times one live preset. */
export async function measurePayoff(quick: boolean): Promise<PayoffBench> {
  const recorded = await measureRecorded(PRESETS);
  const float = PRESETS.filter((p) => presetRecipe(p).ptqEvery > 0);
  const live: LivePayoff[] = [];
  for (const preset of quick ? float.slice(0, 1) : float) {
    const r = await measureLive(preset);
    live.push(r);
    console.log(
      `  live ${r.preset}: first sweep ${r.firstSweepS.toFixed(1)} s after Start; ` +
        `sweep ${r.sweepS.toFixed(1)} s / ${r.betweenS.toFixed(1)} s training`,
    );
  }
  return { recorded, live };
}
