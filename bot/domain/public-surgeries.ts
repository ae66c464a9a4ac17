import type { WardSlugs } from './ward-roster';
import { SurgeryMode, surgeryMode } from './slots';
import { WardCode } from './ward';
import type { Surgery, SurgeryStatus } from './model';

/**
 * What the council may publish about a surgery: when, where (which ward) and with whom. Councillors are
 * public office-holders; nothing else about a surgery (its meeting link, organiser, sign-in names) and
 * nothing about residents is in it.
 */
export interface PublicSurgery {
  id: string;
  ward: string;
  /** Absent for a surgery the roster never matched. */
  wardCode?: WardCode;
  wardSlug: string;
  startsAt: string;
  endsAt: string;
  councillors: string[];
  status: SurgeryStatus;
  /** Whether residents book a slot, drop in, or either: the listings say so. */
  mode: SurgeryMode;
  /** Cancelled by its councillors: listed as cancelled until it would have ended, so nobody comes for nothing. */
  cancelled?: true;
}

export function publicSurgery(surgery: Surgery, slugOf: WardSlugs): PublicSurgery {
  const { id, ward, wardCode, startsAt, endsAt, councillors, status } = surgery;
  return {
    id,
    ward,
    ...(wardCode === undefined ? {} : { wardCode }),
    wardSlug: slugOf(surgery),
    startsAt,
    endsAt,
    councillors: [...councillors],
    status,
    mode: surgeryMode(surgery),
    ...(surgery.cancelled ? { cancelled: true as const } : {}),
  };
}

/**
 * Surgeries residents can still come to (planned or open, not yet over), and those cancelled that would not
 * yet have ended, soonest first; of one ward (by its address part) when given.
 */
export function upcomingSurgeries(surgeries: readonly Surgery[], now: Date, slugOf: WardSlugs, ward?: string): PublicSurgery[] {
  const at = now.toISOString();
  return surgeries
    .filter((s) => (s.status === 'scheduled' || s.status === 'open' || s.cancelled) && s.endsAt > at)
    .map((s) => publicSurgery(s, slugOf))
    .filter((s) => ward === undefined || s.wardSlug === ward)
    .sort((a, b) => a.startsAt.localeCompare(b.startsAt) || a.id.localeCompare(b.id));
}

/** Each ward with upcoming surgeries, once, by name. */
export function wardsOf(surgeries: readonly PublicSurgery[]): Array<{ ward: string; wardSlug: string }> {
  const wards = new Map(surgeries.map((s) => [s.wardSlug, s.ward]));
  return [...wards].map(([slug, ward]) => ({ ward, wardSlug: slug })).sort((a, b) => a.ward.localeCompare(b.ward));
}
