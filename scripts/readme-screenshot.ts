/**
 * README's screenshot, taken from the last end-to-end run, never by hand: the preset e2e test
 * (test/e2e/presets.test.ts) saves each demo at 1366×768 with its recorded run; this copies the
 * KURE demo's to docs/screenshot.png. Run `npm run test:e2e` (or just the presets file) first.
 */
import { copyFileSync, existsSync, statSync } from 'node:fs';

/** The demo README shows, and where the e2e run leaves its screenshot. */
const PRESET = 'kure-w4';
const SOURCE = `test/artifacts/preset-${PRESET}.png`;
const TARGET = 'docs/screenshot.png';

function main(): void {
  if (!existsSync(SOURCE)) {
    console.error(
      `${SOURCE} is missing: run 'npx vite build && npx vitest run --project e2e test/e2e/presets.test.ts' first.`,
    );
    process.exit(1);
  }
  copyFileSync(SOURCE, TARGET);
  const { size, mtime } = statSync(SOURCE);
  console.log(
    `${TARGET} <- ${SOURCE} (${(size / 1024).toFixed(0)} KB, taken ${mtime.toISOString()})`,
  );
}

main();
