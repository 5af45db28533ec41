/**
 * Runs the bench page's suite (src/bench) in headless Chromium, one fresh browser per backend,
 * the whole suite inside one dedicated Web Worker.
 */
import type { BenchPlan, SuiteResult } from '../../src/bench/bench-types';
import { collectErrors, launch } from '../../test/e2e/harness';
import { servePage } from './bench-build';

/** A suite that could not run, and why. */
export interface SuiteFailure {
  requested: BenchPlan['backend'];
  error: string;
}

/** Run `plan` on the served bench page at `url`; Chromium has WebGPU on (SwiftShader here). */
async function runInChromium(
  url: string,
  plan: BenchPlan,
  timeoutMs: number,
): Promise<SuiteResult> {
  const browser = await launch(true);
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    page.on('console', (message) => {
      console.log(`  ${message.text()}`);
    });
    await page.goto(url);
    await page.waitForFunction(() => 'runBench' in globalThis);
    page.setDefaultTimeout(timeoutMs);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const result = await Promise.race([
      page.evaluate(
        (p) =>
          (globalThis as unknown as { runBench(p: BenchPlan): Promise<SuiteResult> }).runBench(p),
        plan,
      ),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`timed out after ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
    if (errors.length) console.log(`  console errors: ${errors.join(' | ')}`);
    return result;
  } finally {
    await browser.close();
  }
}

/** Each plan in turn on one served bench page; a failed backend is reported, not fatal. */
export async function runBrowserSuites(
  plans: readonly BenchPlan[],
  timeoutMs: number,
): Promise<(SuiteResult | SuiteFailure)[]> {
  const server = await servePage();
  const results: (SuiteResult | SuiteFailure)[] = [];
  try {
    for (const plan of plans) {
      const started = performance.now();
      console.log(`Chromium, ${plan.backend}, batch ${plan.batchSize}:`);
      try {
        results.push(await runInChromium(server.url, plan, timeoutMs));
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        console.log(`  failed: ${message}`);
        results.push({ requested: plan.backend, error: message });
      }
      console.log(`  (${((performance.now() - started) / 1000).toFixed(0)} s)`);
    }
  } finally {
    await server.close();
  }
  return results;
}

/** Name and version of the Chromium the bench drives, e.g. "Chromium 156.0.8078.108". */
export async function chromiumVersion(): Promise<string> {
  try {
    const browser = await launch(false);
    const version = browser.version();
    await browser.close();
    return `Chromium ${version}`;
  } catch (error) {
    // The browser parts then fail one by one and say so; Node's still run.
    return `no Chromium (${error instanceof Error ? error.message : String(error)})`;
  }
}
