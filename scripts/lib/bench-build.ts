/**
 * Builds for `npm run bench`, both under node_modules/.cache/quantlab-bench/ (ignored by git,
 * ESLint and Prettier alike, and never the dist/ that the e2e tests serve and rebuild): the lab
 * exactly as `vite build` makes it (vite.config.ts, plus a manifest for the size count), and the
 * bench page (src/bench), which the lab's build never sees.
 */
import { resolve } from 'node:path';
import { build, preview, type InlineConfig, type PreviewServer } from 'vite';

/** Everything the bench builds lives here. */
export const BENCH_OUT = 'node_modules/.cache/quantlab-bench';
/** Where the lab is built for the bench (vite.config.ts, manifest on). */
export const APP_OUT = `${BENCH_OUT}/app`;
/** Where the bench page is built. */
export const PAGE_OUT = `${BENCH_OUT}/page`;

/** The lab's own build config (vite.config.ts) with only the output folder and manifest changed. */
const appConfig: InlineConfig = {
  logLevel: 'warn',
  build: { outDir: APP_OUT, emptyOutDir: true, manifest: true },
};

/** The bench page: src/bench/index.html and its worker, with public/ (the data sets) copied in. */
const pageConfig: InlineConfig = {
  configFile: false,
  logLevel: 'warn',
  root: resolve('src/bench'),
  publicDir: resolve('public'),
  worker: { format: 'es' },
  build: {
    // The worker transform of this small page trips Rolldown's slow-plugin note: not news here.
    rolldownOptions: { checks: { bundlerTimings: false } },
    outDir: resolve(PAGE_OUT),
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 5000,
  },
};

/** Build the lab and the bench page; resolves to the seconds both took. */
export async function buildAll(): Promise<number> {
  const start = performance.now();
  await build(appConfig);
  await build(pageConfig);
  return (performance.now() - start) / 1000;
}

/** A built folder served on a free localhost port. */
export interface Served {
  url: string;
  close(): Promise<void>;
}

async function serve(config: InlineConfig): Promise<Served> {
  const server: PreviewServer = await preview({
    ...config,
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  const url = server.resolvedUrls?.local[0];
  if (!url) throw new Error('vite preview did not report a URL');
  return { url, close: () => server.close() };
}

/** Serve the built lab (as test/e2e/harness.ts serves dist/). */
export const serveApp = () => serve(appConfig);
/** Serve the built bench page. */
export const servePage = () => serve(pageConfig);
