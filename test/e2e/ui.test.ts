import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { ARTIFACTS, LONG_WAIT, collectErrors, useServedLab, waitForBackend } from './harness';

const lab = useServedLab();

/** Accessible-ish name of the focused element: its label, aria-label or text. */
const focusedName = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return '';
    const id = el.getAttribute('id');
    const label = id ? document.querySelector(`label[for="${CSS.escape(id)}"]`) : null;
    return (label?.textContent ?? el.getAttribute('aria-label') ?? el.textContent ?? '').trim();
  });

const query = (page: Page) => new URL(page.url()).searchParams;

describe('the lab UI', () => {
  test('every main control is reachable and usable with the keyboard alone', async () => {
    const page = await lab.browser.newPage();
    await page.goto(lab.server.url);
    await waitForBackend(page);
    const seen: string[] = [];
    for (let i = 0; i < 120; i++) {
      await page.keyboard.press('Tab');
      seen.push(await focusedName(page));
    }
    const reached = (pattern: RegExp) => seen.some((name) => pattern.test(name));
    for (const pattern of [
      /Float baseline/,
      /Copy link/,
      /^Start$/,
      /^Step$/,
      /Data set/,
      /Model/,
      /Learning rate/,
      /R2 range restriction|^R2/,
      /KURE kurtosis loss/,
      /Quantization-aware|QAT/,
      /PTQ scheme/,
    ]) {
      expect(reached(pattern), String(pattern)).toBe(true);
    }
    // Change the model with the keyboard: focus its select and pick the next option.
    await page.getByLabel('Model', { exact: true }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Tab'); // settle the change
    await page.waitForFunction(() => new URL(location.href).searchParams.get('model') !== null);
    expect(query(page).get('model')).toBe('mobilenet-tiny');
    // A preset loads with Enter and opens its demo view, selected in its picker.
    await page.locator('[data-preset=kure-w4]').focus();
    await page.keyboard.press('Enter');
    await page.locator('[data-testid=demo-view][data-preset=kure-w4]').waitFor(LONG_WAIT);
    expect(query(page).get('preset')).toBe('kure-w4');
    expect(await page.getByTestId('demo-picker').inputValue()).toBe('kure-w4');
  });

  test('hostile, garbage and doubled URL values never break the page or reach it as HTML', async () => {
    const page = await lab.browser.newPage();
    const errors = collectErrors(page);
    let dialogs = 0;
    page.on('dialog', (d) => {
      dialogs++;
      void d.dismiss();
    });
    const hostile = new URLSearchParams({
      v: '1',
      lr: '<script>alert(1)</script>',
      bs: '1e309',
      model: 'x'.repeat(10_000),
      steps: '-5',
      zzz: '<img src=x onerror=alert(2)>',
    }).toString();
    const twinHostile =
      'twin=<b>x</b>&b.lr=<script>alert(3)</script>&b.zzz=<img src=x onerror=alert(4)>';
    await page.goto(`${lab.server.url}?${hostile}&seed=3&seed=4&qat=&${twinHostile}`);
    const notices = page.getByTestId('notices');
    await notices.waitFor(LONG_WAIT);
    const text = (await notices.textContent()) ?? '';
    expect(text).toMatch(/Learning rate/);
    expect(text).toMatch(/Batch size/);
    expect(text).toMatch(/Model/);
    expect(text).toMatch(/Twin B: Learning rate/);
    expect(text.length).toBeLessThan(2_000); // the 10 kB value is not echoed whole
    expect(await page.locator('img[src=x]').count()).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll('body script').length)).toBe(0);
    expect(dialogs).toBe(0);
    // Defaults kept: the lab can still start.
    await waitForBackend(page);
    expect(await page.getByRole('button', { name: 'Start', exact: true }).isDisabled()).toBe(false);
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('small-cnn');
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    expect(await notices.count()).toBe(0);
    await page.screenshot({ path: `${ARTIFACTS}/hostile-url.png`, fullPage: true });
    expect(errors).toEqual([]);
  });

  test('the built page ships a strict Content-Security-Policy', async () => {
    const page = await lab.browser.newPage();
    await page.goto(lab.server.url);
    const policy = await page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
    const directives = new Map(
      (policy ?? '').split(';').map((d) => {
        const [name, ...values] = d.trim().split(/\s+/);
        return [name!, values.join(' ')] as const;
      }),
    );
    expect(directives.get('default-src')).toBe("'self'");
    expect(directives.get('script-src')).toBe("'self'"); // no inline scripts, no eval
    expect(directives.get('style-src')).toBe("'self'"); // style elements only from files
    expect(directives.get('object-src')).toBe("'none'");
    expect(directives.get('base-uri')).toBe("'none'");
    expect(policy).not.toMatch(/unsafe-eval|\*/);
    // Every other e2e test fails on any violation (collectErrors reports them).
  });

  test('back and forward move between demos; a reload keeps the recipe', async () => {
    const page = await lab.browser.newPage();
    await page.goto(lab.server.url);
    await waitForBackend(page);
    await page.locator('[data-preset=kure-w4]').click();
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('preset') === 'kure-w4',
    );
    await page.getByTestId('demo-picker').selectOption('oscillations-w3');
    await page.waitForFunction(
      () => new URL(location.href).searchParams.get('preset') === 'oscillations-w3',
    );
    await page.goBack();
    await page.locator('[data-testid=demo-view][data-preset=kure-w4]').waitFor(LONG_WAIT);
    expect(await page.getByLabel('KURE weight λ', { exact: false }).inputValue()).toBe('1');
    await page.goForward();
    await page.locator('[data-testid=demo-view][data-preset=oscillations-w3]').waitFor(LONG_WAIT);
    expect(await page.getByLabel('QAT weight bits', { exact: false }).inputValue()).toBe('3');
    // The full lab is one click away and back.
    await page.getByTestId('layout-switch').click();
    expect(await page.getByLabel('Model', { exact: true }).inputValue()).toBe('mobilenet-tiny');
    await page.getByTestId('layout-switch').click();
    await page.locator('[data-testid=demo-view]').waitFor(LONG_WAIT);
    await page.reload();
    await page.locator('[data-testid=demo-view][data-preset=oscillations-w3]').waitFor(LONG_WAIT);
    expect(query(page).get('preset')).toBe('oscillations-w3');
  });

  test('a demo keeps a forced backend, says modified, and bad links get clean notices', async () => {
    const page = await lab.browser.newPage({ viewport: { width: 1366, height: 768 } });
    const errors = collectErrors(page);
    const rlo = encodeURIComponent('\u202e');
    await page.goto(`${lab.server.url}?backend=cpu&preset=nope&lr=1${rlo}2`);
    const notices = page.getByTestId('notices');
    await notices.waitFor(LONG_WAIT);
    const text = (await notices.textContent()) ?? '';
    expect(text).toMatch(/preset="nope" is not a known demo/);
    expect(text).toMatch(/Learning rate/);
    expect(text).not.toMatch(/[\u202a-\u202e\u2066-\u2069]/);
    await page.getByRole('button', { name: 'Dismiss', exact: true }).click();
    await page.locator('[data-preset=kure-w4]').click();
    await page.locator('[data-testid=demo-view][data-preset=kure-w4]').waitFor(LONG_WAIT);
    expect(query(page).get('backend')).toBe('cpu');
    expect(query(page).get('preset')).toBe('kure-w4');
    expect(await page.getByTestId('demo-modified').count()).toBe(0);
    const weight = page.getByLabel('KURE weight λ', { exact: false });
    await weight.fill('0.5');
    await weight.press('Tab');
    await page.getByTestId('demo-modified').waitFor(LONG_WAIT);
    expect(query(page).get('kurew')).toBe('0.5');
    expect(query(page).get('preset')).toBe('kure-w4');
    // All settings opens a dialog whose edits land in the same recipe; Escape closes it.
    await page.getByTestId('all-settings').click();
    const dialog = page.getByRole('dialog', { name: 'All settings' });
    await dialog.getByLabel('Learning rate', { exact: false }).first().fill('0.002');
    await dialog.getByLabel('Learning rate', { exact: false }).first().press('Tab');
    await page.waitForFunction(() => new URL(location.href).searchParams.get('lr') === '0.002');
    await page.keyboard.press('Escape');
    expect(await dialog.isVisible()).toBe(false);
    expect(await page.getByLabel('KURE weight λ', { exact: false }).count()).toBe(1);
    // The demo fits the screen: nothing below the fold.
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBeLessThanOrEqual(
      768,
    );
    expect(errors).toEqual([]);
  });

  test('Copy link, the teaching panel and the presenter view', async () => {
    const context = await lab.browser.newContext();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], {
      origin: lab.server.url,
    });
    const page = await context.newPage();
    await page.goto(`${lab.server.url}?kure=on`);
    await waitForBackend(page);
    await page.getByTestId('copy-link').click();
    await page
      .locator('[data-testid=copy-link][data-state=copied]', { hasText: 'Copied' })
      .waitFor(LONG_WAIT);
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(page.url());
    const teaching = page.getByTestId('teaching');
    expect(await teaching.locator('[role=tab]').count()).toBeGreaterThanOrEqual(5);
    expect(await teaching.locator('.katex').count()).toBeGreaterThan(0);
    expect(await teaching.textContent()).toMatch(/arXiv|arxiv/);
    await page.getByTestId('presenter-toggle').click();
    expect(
      await page.evaluate(() => document.documentElement.classList.contains('presenter')),
    ).toBe(true);
    await page.screenshot({ path: `${ARTIFACTS}/presenter.png`, fullPage: true });
    await context.close();
  });

  test('the toy weight steps at once and oscillates between two grid levels when run', async () => {
    const page = await lab.browser.newPage();
    await page.goto(lab.server.url);
    const toy = page.getByTestId('toy-demo');
    await toy.scrollIntoViewIfNeeded();
    const read = async (key: string) => (await page.getByTestId(`toy-${key}`).textContent()) ?? '';
    await page.getByRole('button', { name: 'Step the toy weight', exact: true }).click();
    expect(await read('step')).toBe('1');
    await page.getByRole('button', { name: 'Run the toy weight', exact: true }).click();
    await page.waitForFunction(
      () => Number(document.querySelector('[data-testid=toy-flips]')?.textContent) >= 3,
      null,
      LONG_WAIT,
    );
    await page.getByRole('button', { name: 'Pause the toy weight', exact: true }).click();
    expect(
      Number(await page.getAttribute('[data-testid=toy-plot]', 'data-points')),
    ).toBeGreaterThan(0);
    await toy.screenshot({ path: `${ARTIFACTS}/toy-demo.png` });
  });
});
