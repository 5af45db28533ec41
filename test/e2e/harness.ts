import { existsSync } from 'node:fs';
import { afterAll, beforeAll, expect } from 'vitest';
import { mkdirSync } from 'node:fs';
import { preview, type PreviewServer } from 'vite';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Flags that make Debian's headless Chromium quiet offline and expose WebGPU (SwiftShader). */
export const CHROMIUM_FLAGS = [
  '--no-sandbox',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
export const WEBGPU_FLAG = '--enable-unsafe-webgpu';

export const ARTIFACTS = 'test/artifacts';

/** Path of the Chromium binary, or a failure that says how to install one. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) {
    throw new Error(
      `No Chromium at ${path}. Install one with 'sudo apt-get install -y chromium' ` +
        '(Debian/Ubuntu) or set CHROMIUM_PATH to a Chromium/Chrome binary.',
    );
  }
  return path;
}

/** Serve the built app (dist/) on a free localhost port. */
export async function serveDist(): Promise<{ url: string; close(): Promise<void> }> {
  if (!existsSync('dist/index.html')) throw new Error('dist/ is missing: run `vite build` first.');
  const server: PreviewServer = await preview({
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
    logLevel: 'warn',
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

export async function launch(webgpu: boolean): Promise<Browser> {
  mkdirSync(ARTIFACTS, { recursive: true });
  return chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: webgpu ? [...CHROMIUM_FLAGS, WEBGPU_FLAG] : CHROMIUM_FLAGS,
  });
}

/**
 * Console errors and uncaught page errors collected while the page lives, and every
 * Content-Security-Policy violation (some, like a probed eval, log nothing on their own).
 */
export function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  void page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}`);
    });
  });
  page.on('console', (msg) => {
    if (msg.type() === 'error') errors.push(msg.text());
  });
  page.on('pageerror', (error) => errors.push(String(error)));
  return errors;
}

/** SwiftShader WebGPU is slow: generous waits for training and first loads. */
export const LONG_WAIT = { timeout: 240_000 };

/** expect.poll's options for what the page shows after engine work (its default gives up at 1 s). */
export const UNTIL_SHOWN = { timeout: LONG_WAIT.timeout, interval: 100 };

/** Wait until the backend badge names the backend in use. */
export const waitForBackend = (page: Page) =>
  page.waitForFunction(
    () => document.querySelector('[data-testid=backend-badge]')?.getAttribute('data-backend'),
    null,
    LONG_WAIT,
  );

/** Wait until the status line reports `phase`. */
export const waitForPhase = (page: Page, phase: string) =>
  page.waitForFunction(
    (p) => document.querySelector('[data-testid=status]')?.getAttribute('data-phase') === p,
    phase,
    LONG_WAIT,
  );

/** The data-points a chart says it draws (0 when it has nothing yet). */
export const chartPoints = async (page: Page, testId: string) =>
  Number(await page.getAttribute(`[data-testid=${testId}]`, 'data-points'));

/** Wait until each plot in `testIds` has drawn points, then assert that it has. */
export async function expectPlotsFilled(page: Page, testIds: readonly string[]): Promise<void> {
  for (const plot of testIds) {
    await page.waitForFunction(
      (t) => Number(document.querySelector(`[data-testid=${t}]`)?.getAttribute('data-points')) > 0,
      plot,
      LONG_WAIT,
    );
    expect(await chartPoints(page, plot), plot).toBeGreaterThan(0);
  }
}

/** The built app served and one Chromium (WebGPU on) for a test file; filled in beforeAll. */
export interface LabFixture {
  server: Awaited<ReturnType<typeof serveDist>>;
  browser: Browser;
}

/** Serve dist/ and launch Chromium with WebGPU before the file's tests; close both after. */
export function useServedLab(): LabFixture {
  const lab = {} as LabFixture;
  beforeAll(async () => {
    lab.server = await serveDist();
    lab.browser = await launch(true);
  });
  afterAll(async () => {
    await lab.browser?.close();
    await lab.server?.close();
  });
  return lab;
}
