/**
 * Initial download of the built lab: the JS that index.html loads before anything is lazy, i.e.
 * the entry chunk and its static imports (from Vite's manifest), each gzipped on its own, as a
 * server would send them. Lazy chunks (Plotly, the teaching notes) and the engine worker are
 * listed apart.
 */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { APP_OUT } from './bench-build';

/** One emitted JS file: raw and gzip (level 9) bytes. */
export interface FileSize {
  file: string;
  bytes: number;
  gzip: number;
}

/** The lab's JS, split by when the browser loads it. */
export interface BundleSizes {
  /** Entry chunk and its static imports. */
  initial: FileSize[];
  /** The engine worker and its static imports (loaded when the page starts the worker). */
  worker: FileSize[];
  /** What the worker imports lazily (the WebGPU backend, loaded when WebGPU is chosen). */
  workerLazy: FileSize[];
  /** Dynamically imported chunks (and their own static imports). */
  lazy: FileSize[];
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  assets?: string[];
}

function size(file: string): FileSize {
  const bytes = readFileSync(join(APP_OUT, file));
  return {
    file,
    bytes: statSync(join(APP_OUT, file)).size,
    gzip: gzipSync(bytes, { level: 9 }).length,
  };
}

/** Manifest keys reachable from `roots` through static imports. */
function staticClosure(manifest: Record<string, ManifestChunk>, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key) || !manifest[key]) return;
    seen.add(key);
    manifest[key].imports?.forEach(visit);
  };
  roots.forEach(visit);
  return seen;
}

/** `import … from "./x.js"`, `export … from` and `import "./x.js"` in built code. */
const STATIC_IMPORT =
  /(?:^|[;}\s])(?:import|export)\s*(?:[\w$*{}\s,]*?from\s*)?["']\.\/([\w.-]+\.js)["']/g;
/** `import("./x.js")` (any quotes) in built code. */
const DYNAMIC_IMPORT = /\bimport\(\s*["'`]\.\/([\w.-]+\.js)["'`]\s*\)/g;

/** Targets of `pattern` in a built file, as paths relative to APP_OUT. */
function importsOf(file: string, pattern: RegExp): string[] {
  const code = readFileSync(join(APP_OUT, file), 'utf8');
  const dir = file.slice(0, file.lastIndexOf('/') + 1);
  return [...code.matchAll(pattern)].map((m) => dir + m[1]);
}

/** `roots` and their static imports, followed through the built files themselves. */
function builtClosure(roots: readonly string[], skip: ReadonlySet<string> = new Set()): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file) || skip.has(file)) return;
    seen.add(file);
    importsOf(file, STATIC_IMPORT).forEach(visit);
  };
  roots.forEach(visit);
  return [...seen];
}

/** Sizes of the lab built into APP_OUT (with its manifest). */
export function bundleSizes(): BundleSizes {
  const manifest = JSON.parse(readFileSync(join(APP_OUT, '.vite/manifest.json'), 'utf8')) as Record<
    string,
    ManifestChunk
  >;
  const entries = Object.keys(manifest).filter((k) => manifest[k]!.isEntry);
  const initial = staticClosure(manifest, entries);
  const dynamicRoots = [...initial].flatMap((k) => manifest[k]!.dynamicImports ?? []);
  const lazy = [...staticClosure(manifest, dynamicRoots)].filter((k) => !initial.has(k));
  const workers = [...initial]
    .flatMap((k) => manifest[k]!.assets ?? [])
    .filter((file) => /(^|\/)worker-[\w-]+\.js$/.test(file));
  const worker = builtClosure(workers);
  const workerDynamic = worker.flatMap((file) => importsOf(file, DYNAMIC_IMPORT));
  return {
    initial: [...initial].map((k) => size(manifest[k]!.file)),
    worker: worker.map(size),
    workerLazy: builtClosure(workerDynamic, new Set(worker)).map(size),
    lazy: lazy.map((k) => size(manifest[k]!.file)),
  };
}

/** Total gzip bytes of `files`. */
export const gzipTotal = (files: readonly FileSize[]) => files.reduce((sum, f) => sum + f.gzip, 0);
