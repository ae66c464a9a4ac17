import { InWard, sameWard } from '../domain/ward';
import type { SurgeryStatistics, WardReport } from '../api-statistics-types';
import { Surgery } from '../domain/surgery';
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

  /** Every surgery ever held for the ward, without visits: enough to decide who may see its figures. */
  async surgeriesOfWard(ward: InWard): Promise<Surgery[]> {
    return (await this.queue.listSurgeries()).filter((s) => sameWard(s, ward));
  }

  async report(ward: InWard, month: string): Promise<WardReport> {
    const months = new Set(monthsUpTo(month, TREND_MONTHS));
    return wardReport(ward, month, await this.withVisits(ward, (m) => months.has(m)), this.clock());
  }

  async csv(ward: InWard, month: string): Promise<string> {
    return visitsCsv(await this.withVisits(ward, (m) => m === month));
  }

  /** The current month on the UK calendar. */
  thisMonth(): string {
    return londonMonth(this.clock().toISOString());
  }

  private async withVisits(ward: InWard, inMonths: (month: string) => boolean): Promise<SurgeryVisits[]> {
    const chosen = (await this.surgeriesOfWard(ward)).filter((s) => inMonths(londonMonth(s.startsAt)));
    const loaded = await Promise.all(chosen.map((s) => this.queue.load(s.id)));
    return loaded.flatMap((state) => (state ? [state] : []));
  }
}
