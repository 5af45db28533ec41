// IndexedDB history in the built app: a finished run is stored, survives reloads, can be renamed,
// exported, re-imported, opened and deleted; a bad file is refused with nothing stored. Its
// PyTorch export is a ZIP whose train.py runs.
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, test } from 'vitest';
import type { Page } from 'playwright-core';
import { PYTHONS } from '../../scripts/lib/torch-peer';
import { ARTIFACTS, collectErrors, useServedLab, waitForBackend, waitForPhase } from './harness';

const lab = useServedLab();

/** A tiny CPU recipe: three steps, evaluated at the end. */
const TINY = 'backend=cpu&bs=16&every=1&eval=3&steps=3&test=100&ptqend=off&ptqr=min-max';

const rows = (page: Page) => page.locator('[data-testid=run-history] [data-testid=run-row]');
const names = (page: Page) =>
  page.locator('[data-testid=run-history] [data-testid=run-name]').allInnerTexts();
const waitForRows = (page: Page, count: number) =>
  page.waitForFunction(
    (n) =>
      document.querySelectorAll('[data-testid=run-history] [data-testid=run-row]').length === n,
    count,
    { timeout: 60_000 },
  );

describe('run history', () => {
  test('a finished run is stored in IndexedDB and survives a page reload', async () => {
    const page = await lab.browser.newPage({ acceptDownloads: true });
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${TINY}`);
    await waitForBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    await waitForRows(page, 1);
    expect(await rows(page).first().getByTestId('run-accuracy').innerText()).toMatch(/\d+\.\d %/);

    await page.reload();
    await waitForRows(page, 1);
    const [name] = await names(page);

    // Rename with the keyboard; the new name survives another reload.
    await rows(page)
      .first()
      .getByRole('button', { name: /^Rename/ })
      .click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('tiny run');
    await page.keyboard.press('Enter');
    // The list shows the new name only once IndexedDB has committed it; reload after that.
    await page.waitForFunction(
      () =>
        document.querySelector('[data-testid=run-history] [data-testid=run-name]')?.textContent ===
        'tiny run',
    );
    await page.reload();
    await waitForRows(page, 1);
    expect(await names(page)).toEqual(['tiny run']);
    expect(name).not.toBe('tiny run');

    // Open replays the stored events into the lab: the status shows the run's last step.
    await rows(page).first().getByRole('button', { name: /^Open/ }).click();
    await page.waitForFunction(
      () => document.querySelector('[data-testid=status]')?.getAttribute('data-step') === '3',
    );

    // Export the run file, import it back: two identical runs.
    await rows(page).first().locator('summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rows(page).first().getByRole('button', { name: 'Run file (JSON)' }).click(),
    ]);
    const path = `${ARTIFACTS}/history-run.json`;
    await download.saveAs(path);
    await page.getByLabel('Import a run file (JSON)').setInputFiles(path);
    await waitForRows(page, 2);
    expect(await names(page)).toEqual(['tiny run', 'tiny run']);

    // A file that is not a run file is refused; nothing is stored.
    const bad = { name: 'bad.json', mimeType: 'application/json', buffer: Buffer.from('{"a":1}') };
    await page.getByLabel('Import a run file (JSON)').setInputFiles(bad);
    await page.waitForSelector('[data-testid=run-history-alert]');
    expect(await page.innerText('[data-testid=run-history-alert]')).toMatch(/not a QuantLab run/);
    expect(await rows(page).count()).toBe(2);

    // Delete one (confirmed); the deletion survives a reload too.
    await rows(page)
      .first()
      .getByRole('button', { name: /^Delete/ })
      .click();
    await rows(page)
      .first()
      .locator('.run-confirm')
      .getByRole('button', { name: 'Delete' })
      .click();
    await waitForRows(page, 1);
    await page.reload();
    await waitForRows(page, 1);
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ format: 'quantlab-run' });
    expect(errors).toEqual([]);
  });
});

describe('PyTorch export from the Runs menu', () => {
  test('a stored run exports a ZIP whose train.py runs in python3 + torch', async () => {
    const page = await lab.browser.newPage({ acceptDownloads: true });
    const errors = collectErrors(page);
    await page.goto(`${lab.server.url}?${TINY}&kure=on`);
    await waitForBackend(page);
    await page.getByRole('button', { name: 'Start', exact: true }).click();
    await waitForPhase(page, 'finished');
    await waitForRows(page, 1);

    await rows(page).first().locator('summary').click();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      rows(page).first().getByRole('button', { name: 'PyTorch script (ZIP)' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/-pytorch\.zip$/);
    const dir = await mkdtemp(join(tmpdir(), 'lab-torch-zip-'));
    for (const [path, bytes] of Object.entries(unzipSync(await readFile(await download.path())))) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), bytes);
    }
    expect(await rows(page).first().getByRole('status').innerText()).toMatch(/saved/);

    // The recipe of the link, three steps, in PyTorch: one JSON line per step, then accuracy.
    const run = spawnSync(torchPython(), ['train.py'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const lines = run.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as TrainLine);
    expect(lines.map((l) => l.step)).toEqual([1, 2, 3]);
    expect(Object.keys(lines[0]!.terms)).toEqual(['task', 'kure']);
    expect(lines[2]!.testAccuracy).toBeGreaterThan(0);
    await rm(dir, { recursive: true, force: true });
    expect(errors).toEqual([]);
  });
});

interface TrainLine {
  step: number;
  terms: Record<string, number>;
  testAccuracy?: number;
}

/** The first python3 that imports torch (.ci/run installs python3-torch). */
function torchPython(): string {
  const found = PYTHONS.find((p) => spawnSync(p, ['-c', 'import torch']).status === 0);
  if (!found) throw new Error(`no python3 with torch among ${PYTHONS.join(', ')}`);
  return found;
}
