/** The machine-written block of a markdown doc, between two marker comments. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as prettier from 'prettier';

/** The markers around a generated block and the text it replaces them with. */
export interface DocBlock {
  begin: string;
  end: string;
  generated: string;
}

/** `path`'s text, or `fallback` when the file does not exist yet. */
export function readDoc(path: string, fallback: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : fallback;
}

/** `doc` with its block (markers included) replaced by `block.generated`, or null without one. */
export function replaceBlock(doc: string, block: DocBlock): string | null {
  const begin = doc.indexOf(block.begin);
  const end = doc.indexOf(block.end);
  if (begin < 0 || end <= begin) return null;
  return doc.slice(0, begin) + block.generated + doc.slice(end + block.end.length);
}

/** Write `doc` to `path` formatted as `npm run lint` expects (prettier aligns table columns). */
export async function writeFormatted(path: string, doc: string): Promise<void> {
  const options = (await prettier.resolveConfig(path)) ?? {};
  writeFileSync(path, await prettier.format(doc, { ...options, filepath: path }));
}
