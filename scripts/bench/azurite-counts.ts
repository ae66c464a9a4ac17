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

/**
 * Requests that are not background work paced by the clock: a streamed surgery's poll (a point read of its row
 * every STREAM_POLL_MS) and the outbox's looks at surgeries marked as having work (the marks table, and each
 * marked surgery's pending messages, looked at every OUTBOX_POLL_MS, backing off to 4 s, until the mark is a lease
 * old). Those cost the same whatever a step did, so counted in a step's window they would be charged to it.
 */
export function ownRequests(counts: AzuriteCounts): number {
  return counts.total - background(counts, (kind) => /^point read \w*surgeries$/.test(kind));
}

/**
 * Requests one resident's step made, on a server whose streams poll once a minute at most: the outbox's looks are
 * left out as in ownRequests, but point reads of surgeries count, because a check-in reads its surgery's version
 * that way. A stream's poll that happens to fall in a step's window counts too; at one a minute, seldom.
 */
export function stepRequests(counts: AzuriteCounts): number {
  return counts.total - background(counts, () => false);
}

function background(counts: AzuriteCounts, alsoLeftOut: (kind: string) => boolean): number {
  return Object.entries(counts.byKind)
    .filter(([kind]) => alsoLeftOut(kind) || /^outbox look /.test(kind) || /outboxwork$/.test(kind))
    .reduce((sum, [, n]) => sum + n, 0);
}
