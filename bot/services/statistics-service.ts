import { InWard, sameWard } from '../domain/ward';
import type { SurgeryStatistics, WardReport } from '../api-statistics-types';
import type { Surgery } from '../domain/model';
import { londonMonth, monthsUpTo, surgeryStatistics, SurgeryVisits, TREND_MONTHS, wardReport } from '../domain/statistics';
import { visitsCsv } from '../domain/visit-export';
import { QueueService } from './queue-service';

/** Loads surgeries and their visits for the figures; the figures themselves are the domain's. */
export class StatisticsService {
  constructor(
    private readonly queue: QueueService,
    private readonly clock: () => Date,
  ) {}

  async ofSurgery(surgeryId: string): Promise<SurgeryStatistics | undefined> {
    const state = await this.queue.load(surgeryId);
    return state && surgeryStatistics(state, this.clock());
  }

  /**
   * The ward's surgeries, without visits, in the month asked for and the months of its trend, and those
   * scheduled or open: enough to decide who may see its figures. A UK month can start an hour before
   * its UTC month does, so one more UTC month is read.
   */
  async surgeriesOfWard(ward: InWard, month: string): Promise<Surgery[]> {
    const [inMonths, current] = await Promise.all([
      this.queue.surgeriesStartingIn(monthsUpTo(month, TREND_MONTHS + 1)),
      this.queue.currentSurgeries(),
    ]);
    const byId = new Map([...inMonths, ...current].map((s) => [s.id, s]));
    return [...byId.values()].filter((s) => sameWard(s, ward));
  }

  async report(ward: InWard, month: string): Promise<WardReport> {
    const months = new Set(monthsUpTo(month, TREND_MONTHS));
    return wardReport(ward, month, await this.withVisits(ward, month, (m) => months.has(m)), this.clock());
  }

  async csv(ward: InWard, month: string): Promise<string> {
    return visitsCsv(await this.withVisits(ward, month, (m) => m === month));
  }

  /** The current month on the UK calendar. */
  thisMonth(): string {
    return londonMonth(this.clock().toISOString());
  }

  private async withVisits(ward: InWard, month: string, inMonths: (month: string) => boolean): Promise<SurgeryVisits[]> {
    const chosen = (await this.surgeriesOfWard(ward, month)).filter((s) => inMonths(londonMonth(s.startsAt)));
    const loaded = await Promise.all(chosen.map((s) => this.queue.load(s.id)));
    return loaded.flatMap((state) => (state ? [state] : []));
  }
}
