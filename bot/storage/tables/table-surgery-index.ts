import { TableClient, odata } from '@azure/data-tables';
import type { Surgery } from '../../domain/model';
import { isCurrent, startMonth } from '../../domain/surgery';
import { isEntityNotFound, isServiceError } from './table-errors';

// Small partitions that name surgeries, so nothing has to scan every surgery ever held:
//   current       scheduled and open surgeries, and cancelled ones until retention forgets them (a surgery leaves when it ends);
//   held          surgeries whose residents' details retention has not yet forgotten;
//   month-YYYY-MM every surgery, by the UTC month it starts in;
//   unplaced      surgeries set up before the roster, with no ward code yet (see surgery-wards.ts).
// Each row holds the surgery as it was listed. A surgery's own partition cannot share a transaction with
// these rows, so a change to how a surgery is listed first marks its rows "unsure", then saves the surgery,
// then writes them "sure" only if nobody marked them since. A reader checks an unsure row against the
// surgery itself (and repairs it), so the index never gives a wrong answer, whoever stops half way.
const CURRENT = 'current';
const HELD = 'held';
const UNPLACED = 'unplaced';
const monthPartition = (month: string): string => `month-${month}`;
// Built again, once, by an index from before the unplaced partition.
const BUILT = { partitionKey: 'built', rowKey: 'index-unplaced' } as const;

interface IndexRow {
  data: string;
  unsure: boolean;
}

function partitionsOf(surgery: Surgery): string[] {
  return [
    ...(isCurrent(surgery) ? [CURRENT] : []),
    HELD,
    monthPartition(startMonth(surgery)),
    ...(surgery.wardCode === undefined ? [UNPLACED] : []),
  ];
}

/** What was marked: each index row's ETag, so the confirmation never overwrites a later mark. */
export type Marks = Map<string, string>;

export class TableSurgeryIndex {
  constructor(
    private readonly index: TableClient,
    private readonly surgeryRow: (surgeryId: string) => Promise<Surgery | undefined>,
  ) {}

  /** Before a save that changes how the surgery is listed: its rows, old and new, say "check the surgery". */
  async mark(before: Surgery | undefined, after: Surgery): Promise<Marks> {
    const partitions = new Set([...(before ? partitionsOf(before) : []), ...partitionsOf(after)]);
    const marks: Marks = new Map();
    await Promise.all(
      [...partitions].map(async (partitionKey) => {
        const row = { partitionKey, rowKey: after.id, data: JSON.stringify(after), unsure: true };
        const written = await this.index.upsertEntity(row, 'Replace');
        if (written.etag) marks.set(partitionKey, written.etag);
      }),
    );
    return marks;
  }

  /** After the save: the rows say what the surgery now is, unless another change marked them meanwhile. */
  async confirm(surgery: Surgery, marks: Marks): Promise<void> {
    const wanted = new Set(partitionsOf(surgery));
    await Promise.all(
      [...marks].map(async ([partitionKey, etag]) => {
        try {
          if (wanted.has(partitionKey))
            await this.index.updateEntity({ partitionKey, rowKey: surgery.id, data: JSON.stringify(surgery), unsure: false }, 'Replace', {
              etag,
            });
          else await this.index.deleteEntity(partitionKey, surgery.id, { etag });
        } catch (error) {
          // Marked again by a later change (which confirms it), or already repaired by a reader.
          if (!isServiceError(error, 412) && !isEntityNotFound(error)) throw error;
        }
      }),
    );
  }

  current(): Promise<Surgery[]> {
    return this.read(CURRENT);
  }

  held(): Promise<Surgery[]> {
    return this.read(HELD);
  }

  unplaced(): Promise<Surgery[]> {
    return this.read(UNPLACED);
  }

  async startingIn(months: readonly string[]): Promise<Surgery[]> {
    const found = await Promise.all([...new Set(months)].map((month) => this.read(monthPartition(month))));
    return found.flat();
  }

  /** Retention forgot everything the surgery held, and a cancelled one is no longer listed. A change since (which lists it again) keeps it. */
  async release(surgeryId: string): Promise<void> {
    await Promise.all([HELD, CURRENT].map((partitionKey) => this.unlist(partitionKey, surgeryId)));
  }

  private async unlist(partitionKey: string, surgeryId: string): Promise<void> {
    try {
      const row = await this.index.getEntity<IndexRow>(partitionKey, surgeryId);
      const ended = (JSON.parse(row.data) as Surgery).status === 'ended';
      if (!row.unsure && ended) await this.index.deleteEntity(partitionKey, surgeryId, { etag: row.etag });
    } catch (error) {
      if (!isServiceError(error, 412) && !isEntityNotFound(error)) throw error;
    }
  }

  /** Lists every surgery, once, when the index has never been built (storage from before it existed). */
  async buildOnce(all: () => Promise<Surgery[]>): Promise<void> {
    try {
      await this.index.getEntity(BUILT.partitionKey, BUILT.rowKey);
      return;
    } catch (error) {
      if (!isEntityNotFound(error)) throw error;
    }
    for (const surgery of await all())
      for (const partitionKey of partitionsOf(surgery))
        await this.index.upsertEntity({ partitionKey, rowKey: surgery.id, data: JSON.stringify(surgery), unsure: false }, 'Replace');
    await this.index.upsertEntity({ ...BUILT, at: new Date().toISOString() }, 'Replace');
  }

  private async read(partitionKey: string): Promise<Surgery[]> {
    const found: Surgery[] = [];
    const rows = this.index.listEntities<IndexRow>({ queryOptions: { filter: odata`PartitionKey eq ${partitionKey}` } });
    for await (const row of rows) {
      if (row.partitionKey !== partitionKey) continue;
      const surgery = row.unsure ? await this.repair(partitionKey, row.rowKey!, row.etag) : (JSON.parse(row.data) as Surgery);
      if (surgery && partitionsOf(surgery).includes(partitionKey)) found.push(surgery);
    }
    return found;
  }

  /** The surgery an unsure row names, as it is now; the row is rewritten to match unless marked again. */
  private async repair(partitionKey: string, surgeryId: string, etag: string): Promise<Surgery | undefined> {
    const surgery = await this.surgeryRow(surgeryId);
    try {
      if (surgery && partitionsOf(surgery).includes(partitionKey))
        await this.index.updateEntity({ partitionKey, rowKey: surgeryId, data: JSON.stringify(surgery), unsure: false }, 'Replace', {
          etag,
        });
      else await this.index.deleteEntity(partitionKey, surgeryId, { etag });
    } catch (error) {
      if (!isServiceError(error, 412) && !isEntityNotFound(error)) throw error;
    }
    return surgery;
  }
}
