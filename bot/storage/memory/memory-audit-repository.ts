import { AuditEntry, AuditRepository } from '../ports';
import { assertKeySafe } from '../tables/storage-keys';

const oldestFirst = (a: AuditEntry, b: AuditEntry) => a.at.localeCompare(b.at) || a.id.localeCompare(b.id);

/** The audit trail held in this process: the twin of the Tables one. */
export class MemoryAuditRepository implements AuditRepository {
  private readonly entries = new Map<string, AuditEntry>();

  async append(entry: AuditEntry): Promise<void> {
    assertKeySafe('Audit id', entry.id);
    if (entry.surgeryId !== undefined) assertKeySafe('Surgery id', entry.surgeryId);
    this.entries.set(entry.id, JSON.parse(JSON.stringify(entry)) as AuditEntry);
  }

  async forSurgery(surgeryId: string): Promise<AuditEntry[]> {
    assertKeySafe('Surgery id', surgeryId);
    return this.where((entry) => entry.surgeryId === surgeryId);
  }

  async newest({ now, since, limit, keep }: Parameters<AuditRepository['newest']>[0]): Promise<AuditEntry[]> {
    return this.where((entry) => entry.at >= since && entry.at.slice(0, 7) <= now.slice(0, 7) && keep(entry))
      .reverse()
      .slice(0, limit);
  }

  private where(chosen: (entry: AuditEntry) => boolean): AuditEntry[] {
    return [...this.entries.values()]
      .filter(chosen)
      .sort(oldestFirst)
      .map((entry) => JSON.parse(JSON.stringify(entry)) as AuditEntry);
  }

  async deleteBefore(before: string): Promise<number> {
    const old = [...this.entries.values()].filter((entry) => entry.at < before);
    for (const entry of old) this.entries.delete(entry.id);
    return old.length;
  }
}
