/** Requests Azurite has answered since it started, as azurite-process.ts counts them. */
export interface AzuriteCounts {
  total: number;
  /** By what the request did and to which table, e.g. "query sqsurgeries". */
  byKind: Record<string, number>;
  /** Transactions refused because the surgery's ETag had changed (412 inside a 202 batch answer). */
  conflicts: number;
  /** Answers of 400 or more, except 404. */
  failures: number;
  /**
   * Point reads of a surgery's own row, by surgery id (its partition): a tab's stream polls its surgery's version
   * this way, so a count can tell the surgery a step was about from every other surgery being watched.
   */
  surgeryRowReads: Record<string, number>;
}

/** What happened between two readings. */
export function countsBetween(before: AzuriteCounts, after: AzuriteCounts): AzuriteCounts {
  return {
    total: after.total - before.total,
    byKind: grown(before.byKind, after.byKind),
    conflicts: after.conflicts - before.conflicts,
    failures: after.failures - before.failures,
    surgeryRowReads: grown(before.surgeryRowReads, after.surgeryRowReads),
  };
}

/** Two spells' counts as one. */
export function countsTogether(one: AzuriteCounts, other: AzuriteCounts): AzuriteCounts {
  return {
    total: one.total + other.total,
    byKind: summed(one.byKind, other.byKind),
    conflicts: one.conflicts + other.conflicts,
    failures: one.failures + other.failures,
    surgeryRowReads: summed(one.surgeryRowReads, other.surgeryRowReads),
  };
}

function summed(one: Record<string, number>, other: Record<string, number>): Record<string, number> {
  const sum = { ...one };
  for (const [key, n] of Object.entries(other)) sum[key] = (sum[key] ?? 0) + n;
  return sum;
}

function grown(before: Record<string, number>, after: Record<string, number>): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [key, n] of Object.entries(after)) {
    const d = n - (before[key] ?? 0);
    if (d > 0) delta[key] = d;
  }
  return delta;
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
 * Requests one resident's step in `surgeryId` made, on a server whose streams poll once a minute at most: the
 * outbox's looks are left out as in ownRequests, and so are reads of other surgeries' rows, which are the polls of
 * their tabs (with 20 surgeries open, each with a tab, their polls come together once a minute, and a step's window
 * that met them was charged about 20 requests). Reads of this surgery's row count, as the step may have made them;
 * its own tab's poll falling in the window counts too, at one a minute, seldom.
 */
export function stepRequests(counts: AzuriteCounts, surgeryId: string): number {
  const othersPolled = Object.entries(counts.surgeryRowReads)
    .filter(([id]) => id !== surgeryId)
    .reduce((sum, [, n]) => sum + n, 0);
  return counts.total - background(counts, () => false) - othersPolled;
}

function background(counts: AzuriteCounts, alsoLeftOut: (kind: string) => boolean): number {
  return Object.entries(counts.byKind)
    .filter(([kind]) => alsoLeftOut(kind) || /^outbox look /.test(kind) || /outboxwork$/.test(kind))
    .reduce((sum, [, n]) => sum + n, 0);
}
