/** A run's start time for the list, in the reader's locale, e.g. '3 Mar 2025, 14:05'. */
export function formatRunDate(createdAt: number): string {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(
    createdAt,
  );
}

/** Test accuracy as a percentage with one decimal, or a dash before any evaluation. */
export function formatAccuracy(accuracy: number | null): string {
  return accuracy === null ? '—' : `${(accuracy * 100).toFixed(1)} %`;
}
