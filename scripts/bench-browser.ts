/**
 * Steps per second of the lab in headless Chromium, per backend, read from the lab's own metric
 * stream. Run after `vite build`: `npm run bench:browser [-- --steps 12 --batch 64]`.
 * Prints a table; speed is measured here, never asserted in tests.
 */
import { collectErrors, launch, serveDist } from '../test/e2e/harness';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const steps = arg('steps', 12);
const batch = arg('batch', 64);
const every = Math.max(1, Math.floor(steps / 3));

async function measure(url: string, backend: string): Promise<string> {
  const browser = await launch(true);
  try {
    const page = await browser.newPage();
    const errors = collectErrors(page);
    const query = `backend=${backend}&bs=${batch}&steps=${steps}&every=${every}&eval=100000&test=100&ptqend=off`;
    await page.goto(`${url}?${query}`);
    await page.waitForSelector('[data-testid=backend-badge][data-backend]', { timeout: 120_000 });
    const actual = await page.getAttribute('[data-testid=backend-badge]', 'data-backend');
    await page.getByRole('button', { name: 'Start' }).click();
    await page.waitForSelector('[data-testid=status][data-phase=finished]', { timeout: 900_000 });
    const speeds = await page.evaluate(() => {
      const text = document.querySelector('[data-testid=status]')?.textContent ?? '';
      return text.match(/([\d.]+) steps\/s/)?.[1] ?? 'n/a';
    });
    const note = errors.length ? ` (${errors.length} console errors)` : '';
    return `| ${backend} | ${actual} | ${batch} | ${speeds} | ${(1000 / Number(speeds)).toFixed(0)} |${note}`;
  } finally {
    await browser.close();
  }
}

const server = await serveDist();
console.log(
  `Headless Chromium, ${steps} steps, last window of ${every} steps after warm-up windows`,
);
console.log('| requested | backend | batch | steps/s | ms/step |');
console.log('| --- | --- | ---: | ---: | ---: |');
for (const backend of ['webgpu', 'webgl', 'cpu']) console.log(await measure(server.url, backend));
await server.close();
