/** How long an object URL outlives its download click (ms); the browser has read it by then. */
export const REVOKE_AFTER_MS = 1000;

/** MIME types of the lab's downloads. */
export const MIME = {
  json: 'application/json',
  csv: 'text/csv;charset=utf-8',
} as const;

/**
 * Save `href` (an object or data URL) as `filename` through a temporary `<a download>`; the
 * browser's download setting decides where.
 */
export function downloadUrl(href: string, filename: string, doc: Document = document): void {
  const a = doc.createElement('a');
  a.href = href;
  a.download = filename;
  a.rel = 'noopener';
  a.style.display = 'none';
  doc.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
  }
}

/** Save `blob` as `filename`: an object URL, a click, and the URL revoked shortly after. */
export function downloadBlob(blob: Blob, filename: string, doc: Document = document): void {
  const url = URL.createObjectURL(blob);
  try {
    downloadUrl(url, filename, doc);
  } finally {
    setTimeout(() => URL.revokeObjectURL(url), REVOKE_AFTER_MS);
  }
}

/** Save `text` as `filename` with MIME type `type`. */
export function downloadText(text: string, filename: string, type: string): void {
  downloadBlob(new Blob([text], { type }), filename);
}

/**
 * A safe file name from a run name and a suffix: letters, digits, '.', '_' and '-' only, other
 * runs of characters become one '-', at most 80 characters before the suffix. Pure.
 */
export function fileName(base: string, suffix: string): string {
  const stem = base
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 80);
  return `${stem || 'quantlab-run'}${suffix}`;
}
