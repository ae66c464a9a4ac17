/** Requests Azurite has answered since it started, as azurite-process.ts counts them. */
export interface AzuriteCounts {
  total: number;
  /** By what the request did and to which table, e.g. "query sqsurgeries". */
  byKind: Record<string, number>;
  /** Transactions refused because the surgery's ETag had changed (412 inside a 202 batch answer). */
  conflicts: number;
  /** Answers of 400 or more, except 404. */
  failures: number;
}

/** What happened between two readings. */
export function countsBetween(before: AzuriteCounts, after: AzuriteCounts): AzuriteCounts {
  const byKind: Record<string, number> = {};
  for (const [kind, n] of Object.entries(after.byKind)) {
    const delta = n - (before.byKind[kind] ?? 0);
    if (delta > 0) byKind[kind] = delta;
  }
  return {
    total: after.total - before.total,
    byKind,
    conflicts: after.conflicts - before.conflicts,
    failures: after.failures - before.failures,
  };
}
