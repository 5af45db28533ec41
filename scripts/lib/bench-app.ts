/**
 * The built lab in headless Chromium, as a user meets it: how long until the backend is ready
 * and the first step shows, and whether the main thread stays responsive while training with
 * every plot fed (long tasks over 50 ms, Plotly redraws per second).
 */
import type { Page } from 'playwright-core';
import { collectErrors, launch } from '../../test/e2e/harness';
import { serveApp } from './bench-build';

/** What the init script records in the page, in ms since navigation start. */
interface PageProbe {
  longTasks: { start: number; duration: number }[];
  /** The redraw queue's User Timing measures: each Plotly.react's synchronous part. */
  redrawTimes: { start: number; duration: number; id: string }[];
  redraws: { t: number; id: string }[];
  backendAt: number | null;
  firstStepAt: number | null;
  clickAt: number | null;
}

/** Page load and time to the first step, ms since navigation start. */
export interface StartupTiming {
  /** The link's query (the lab's defaults apart from it). */
  query: string;
  backend: string;
  loadEvent: number;
  backendReady: number;
  click: number;
  /** Null when step 1 did not show within the wait (`waitMs` after the click). */
  firstStep: number | null;
  waitMs: number;
  /** Long tasks before the click (page load, Plotly's first draws). */
  loadLongTasks: { count: number; longest: number };
}

/** Main-thread health over a training window. */
export interface Responsiveness {
  backend: string;
  recipe: string;
  /** Length of the observed window, s (from the first step shown). */
  seconds: number;
  /** Steps trained in the window. */
  steps: number;
  longTasks: { count: number; longest: number; total: number };
  /**
   * Long tasks in which a Plotly redraw ended, those redraws' plots, and the most redraws that
   * ended inside one long task (evidence of the cause).
   */
  withRedraw: { count: number; plots: Record<string, number>; mostInOne: number };
  /** Plotly redraws (`plotly_afterplot`) in the window: all plots, and per plot element. */
  redraws: number;
  /** Per plot: redraws timed by the lab's redraw queue, mean and longest ms, and how many > 50 ms. */
  redrawMs?: Record<string, { count: number; mean: number; longest: number; over50: number }>;
  /** Distinct moments with a redraw (redraws under 50 ms apart count once). */
  updates: number;
  perPlot: Record<string, number>;
  consoleErrors: number;
}

/**
 * Installed before any page script: a buffered long-task observer, a `plotly_afterplot`
 * listener on every Plotly element once Plotly has set it up, and the times the backend badge
 * and the first step appear. Plain JS in a string: a compiled function could reference helpers
 * (such as esbuild's `__name`) that do not exist in the page.
 */
const PROBE_SCRIPT = `(() => {
  const probe = {
    longTasks: [], redrawTimes: [], redraws: [], backendAt: null, firstStepAt: null, clickAt: null,
  };
  window.__bench = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (!e.name.startsWith('redraw:')) continue;
        probe.redrawTimes.push({ start: e.startTime, duration: e.duration, id: e.name.slice(7) });
      }
    }).observe({ type: 'measure', buffered: true });
  } catch (e) {}
  const hooked = new WeakSet();
  const scan = () => {
    for (const el of document.querySelectorAll('.js-plotly-plot')) {
      if (hooked.has(el) || typeof el.on !== 'function') continue;
      hooked.add(el);
      const id = el.getAttribute('data-testid') || 'plot';
      el.on('plotly_afterplot', () => probe.redraws.push({ t: performance.now(), id }));
    }
    const badge = document.querySelector('[data-testid=backend-badge]');
    if (probe.backendAt === null && badge && badge.getAttribute('data-backend')) {
      probe.backendAt = performance.now();
    }
    const status = document.querySelector('[data-testid=status]');
    if (probe.firstStepAt === null && status && Number(status.getAttribute('data-step')) >= 1) {
      probe.firstStepAt = performance.now();
    }
  };
  new MutationObserver(scan).observe(document, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ['class', 'data-backend', 'data-step'],
  });
  document.addEventListener('click', () => {
    if (probe.clickAt === null) probe.clickAt = performance.now();
  }, true);
})();`;

const readProbe = (page: Page) =>
  page.evaluate(() => (window as unknown as { __bench: PageProbe }).__bench);

const stepOf = async (page: Page) =>
  Number(await page.getAttribute('[data-testid=status]', 'data-step'));

/** Open `query` in a fresh page with the probe and click Start once it is enabled. */
async function openAndStart(url: string, query: string, timeoutMs: number) {
  const browser = await launch(true);
  const page = await browser.newPage();
  const errors = collectErrors(page);
  await page.addInitScript(PROBE_SCRIPT);
  await page.goto(`${url}?${query}`);
  await page.getByRole('button', { name: 'Start', exact: true }).click({ timeout: timeoutMs });
  return { browser, page, errors };
}

const backendOf = async (page: Page) =>
  (await page.getAttribute('[data-testid=backend-badge]', 'data-backend')) ?? 'unknown';

/** Wait until the status shows step 1 or more; false when `timeoutMs` passes first. */
async function firstStepShown(page: Page, timeoutMs: number): Promise<boolean> {
  try {
    await page.waitForFunction(
      () => (window as unknown as { __bench: PageProbe }).__bench.firstStepAt !== null,
      null,
      { timeout: timeoutMs, polling: 100 },
    );
    return true;
  } catch {
    return false;
  }
}

/**
 * Startup of the lab opened with `query` (`every=1` in it makes the status show step 1 rather
 * than the first metrics read at step 10); the first step is awaited at most `waitMs`.
 */
export async function measureStartup(
  url: string,
  query: string,
  waitMs: number,
): Promise<StartupTiming> {
  const { browser, page } = await openAndStart(url, query, waitMs);
  try {
    await firstStepShown(page, waitMs);
    const backend = await backendOf(page);
    const probe = await readProbe(page);
    const loadEvent = await page.evaluate(
      () =>
        (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).loadEventEnd,
    );
    const before = probe.longTasks.filter((t) => t.start < probe.clickAt!);
    return {
      query,
      backend,
      loadEvent,
      backendReady: probe.backendAt!,
      click: probe.clickAt!,
      firstStep: probe.firstStepAt,
      waitMs,
      loadLongTasks: {
        count: before.length,
        longest: Math.max(0, ...before.map((t) => t.duration)),
      },
    };
  } finally {
    await browser.close();
  }
}

/** Redraws closer than this count as one visible update. */
const SAME_UPDATE_MS = 50;

/** Train `recipe` for `seconds` after the first step shows; long tasks and redraws in between. */
export async function measureResponsiveness(
  url: string,
  recipe: string,
  seconds: number,
  timeoutMs: number,
): Promise<Responsiveness> {
  const { browser, page, errors } = await openAndStart(url, recipe, timeoutMs);
  try {
    if (!(await firstStepShown(page, timeoutMs))) throw new Error(`no step within ${timeoutMs} ms`);
    const backend = await backendOf(page);
    const from = (await readProbe(page)).firstStepAt!;
    const firstStep = await stepOf(page);
    await page.waitForTimeout(seconds * 1000);
    const probe = await readProbe(page);
    const to = await page.evaluate(() => performance.now());
    const steps = (await stepOf(page)) - firstStep;
    const tasks = probe.longTasks.filter((t) => t.start >= from && t.start < to);
    const redraws = probe.redraws.filter((r) => r.t >= from && r.t < to);
    const perPlot: Record<string, number> = {};
    let updates = 0;
    let last = -Infinity;
    for (const r of redraws) {
      perPlot[r.id] = (perPlot[r.id] ?? 0) + 1;
      if (r.t - last >= SAME_UPDATE_MS) updates++;
      last = r.t;
    }
    const withRedraw = { count: 0, plots: {} as Record<string, number>, mostInOne: 0 };
    for (const task of tasks) {
      const inside = redraws.filter((r) => r.t >= task.start && r.t <= task.start + task.duration);
      if (inside.length) withRedraw.count++;
      withRedraw.mostInOne = Math.max(withRedraw.mostInOne, inside.length);
      for (const r of inside) withRedraw.plots[r.id] = (withRedraw.plots[r.id] ?? 0) + 1;
    }
    const timed = probe.redrawTimes.filter((r) => r.start >= from && r.start < to);
    return {
      backend,
      recipe,
      withRedraw,
      redrawMs: redrawStats(timed),
      seconds: (to - from) / 1000,
      steps,
      longTasks: {
        count: tasks.length,
        longest: Math.max(0, ...tasks.map((t) => t.duration)),
        total: tasks.reduce((sum, t) => sum + t.duration, 0),
      },
      redraws: redraws.length,
      updates,
      perPlot,
      consoleErrors: errors.length,
    };
  } finally {
    await browser.close();
  }
}

/** Count, mean and longest duration of each plot's timed redraws. */
function redrawStats(timed: PageProbe['redrawTimes']): Responsiveness['redrawMs'] {
  const out: Responsiveness['redrawMs'] = {};
  for (const { id, duration } of timed) {
    const s = (out[id] ??= { count: 0, mean: 0, longest: 0, over50: 0 });
    s.mean = (s.mean * s.count + duration) / (s.count + 1);
    s.count++;
    s.longest = Math.max(s.longest, duration);
    if (duration > 50) s.over50++;
  }
  return out;
}

/** Startup per query, then responsiveness, on one served build. */
export async function measureApp(options: {
  startups: readonly { query: string; waitMs: number }[];
  recipe: string;
  seconds: number;
  timeoutMs: number;
}): Promise<{ startups: StartupTiming[]; responsiveness: Responsiveness }> {
  const server = await serveApp();
  try {
    const startups: StartupTiming[] = [];
    for (const { query, waitMs } of options.startups) {
      const s = await measureStartup(server.url, query, waitMs);
      startups.push(s);
      const first =
        s.firstStep === null ? `not within ${waitMs / 1000} s` : `${s.firstStep.toFixed(0)} ms`;
      console.log(
        `  startup ?${query} (${s.backend}): backend ready ${s.backendReady.toFixed(0)} ms, ` +
          `first step ${first}`,
      );
    }
    const responsiveness = await measureResponsiveness(
      server.url,
      options.recipe,
      options.seconds,
      options.timeoutMs,
    );
    const r = responsiveness;
    console.log(
      `  training (${r.backend}): ${r.longTasks.count} long tasks, ${r.redraws} redraws ` +
        `in ${r.seconds.toFixed(0)} s`,
    );
    return { startups, responsiveness };
  } finally {
    await server.close();
  }
}
