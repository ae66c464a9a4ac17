import type { MeetingApi, QueueView } from '../api-types';
import { WaitSettings } from '../domain/wait-model';
import * as queue from '../domain/queue';
import type {
  Calling,
  CallLengthFigures,
  Creating,
  Feedback,
  MeetingChange,
  NextSurgery,
  QueueChange,
  QueueState,
  Surgery,
  Visit,
} from '../domain/model';
import { buildQueueView } from '../domain/queue-view';
import { visitOfStatusToken, visitStatusToken } from '../domain/status-token';
import { Refusal, isRefusal, refuse } from '../domain/refusal';
import { listingChanged, monthBefore, openSurgery, parseSurgeryPlan, planSurgery, startMonth } from '../domain/surgery';
import type { WardLookup } from '../domain/ward-check';
import type { WardRoster } from '../domain/ward-roster';
import type { InWard } from '../domain/ward';
import type { MakeMeeting } from './graph-meetings';
import { meetingChatKey } from './chat-keys';
import type { CalendarOutcome, MeetingCalendar } from './meeting-calendar';
import { Cancellation, cancelSurgery, settleCancelled } from '../domain/cancel-surgery';
import { changeSurgery } from '../domain/change-surgery';
import { followedByMeeting, holdMeetingPending, holds, MeetingFollows, settleMeetingPending } from '../domain/meeting-pending';
import { meetingChangesOf } from '../domain/surgery-meeting';
import { MeetingEvent, forEachName, joinedByTag, leftByTag, noteMeetingEnded, noteMeetingStarted, runsIn } from '../domain/meeting-events';
import { ConsultationRecord, recordConsultation } from '../domain/consultation';
import {
  noticeCheckInToEmptyQueue,
  noticeNotJoined,
  meetingApisHeard,
  recordMeetingApiOutcome,
  recordStageNoticeOutcome,
  thenApply,
} from '../domain/stage-notices';
import { messageResident, recordMessageDelivery } from '../domain/councillor-message';
import { recordFeedback } from '../domain/feedback';
import { postCaseUpdate, recordCaseUpdateDelivery } from '../domain/case-update';
import { AlertSettings, raiseAlerts } from '../domain/resident-alerts';
import { closeFollowUp, leaveIssueForFollowUp, markNotReached } from '../domain/follow-up';
import { reopenSurgery, undoVisit } from '../domain/undo';
import { pauseSurgery, resumeSurgery } from '../domain/surgery-break';
import { once } from '../domain/tab-actions';
import { sameWard } from '../domain/ward';
import { surgeryLengths, wardPrior, withRecent } from '../domain/ward-lengths';
import {
  ConcurrencyConflict,
  MeetingApisRepository,
  OutboxEntry,
  OutboxEntryChanged,
  OutboxPromise,
  OutboxRepository,
  SaveRefused,
  StatusLinkRepository,
  StoredOutboxEntry,
  StoredQueue,
  SurgeryRepository,
  WardLengthsRepository,
} from '../storage/ports';
import { SavedTogether } from './saved-together';
import { Turns } from './turns';

export type Clock = () => Date;

/** A change to the surgery itself, and what became of the Teams meeting Surgery Queue made for it, when there is one. */
export interface AppliedToSurgery extends Applied {
  meeting?: CalendarOutcome;
}

export interface Applied<C extends QueueChange = QueueChange> {
  change: C;
  /** The whole queue after the change was saved. */
  state: QueueState;
}

export interface QueueServiceDeps {
  surgeries: SurgeryRepository;
  clock: Clock;
  newId: () => string;
  /** A new secret for a visit's status page. */
  newStatusToken: () => string;
  statusLinks: StatusLinkRepository;
  wait: WaitSettings;
  /** Minutes a called resident is told a councillor will let them in within. */
  /** How long before its start a surgery opens without asking first (see openSurgery). */
  openEarlyMinutes?: number;
  calledAdmitMinutes?: number;
  /** Told after every saved change, with the queue as saved (the live stream listens). */
  onChanged: (surgeryId: string, saved: StoredQueue) => void;
  /** What a change promises residents, saved in the same transaction as the change. */
  planMessages?: (applied: Applied) => OutboxPromise | undefined;
  /** Where the sender is told a surgery has messages, and outcomes that change nothing in the queue are saved. */
  outbox?: Pick<OutboxRepository, 'markWork' | 'update'>;
  /** Told after every saved change that promised residents messages (the sender listens). */
  onPromised: () => void;
  /** The council's ward postcode lists; without them check-ins are not checked. */
  wards?: WardLookup;
  /** The council's ward roster; with it, surgeries are set up in its wards only. */
  roster?: () => WardRoster;
  /** What Teams last said of each meeting's questions; without it, only surgeries already set up in a meeting hear of a refusal. */
  meetingApis?: MeetingApisRepository;
  /** Where each ward's consultation lengths are kept between surgeries; without it, every surgery starts from the council's figure. */
  wardLengths?: WardLengthsRepository;
  /** Where residents reach the server's public pages (PUBLIC_BASE_URL); views then link the surgery's page. */
  publicBaseUrl?: string;
}

// Enough for dozens of councillors (or instances) changing one queue in the same instant: each round one
// save wins, and the jittered, growing pause spreads the rest out.
const MAX_ATTEMPTS = 100;
const MAX_PAUSE_MS = 250;
// Changes decided and saved together at most, when many wait for one surgery's turn: a few dozen rows at most.
const CHANGES_SAVED_TOGETHER = 20;
// Surgeries whose last saved queue is kept for a change whose caller read the queue before that save: as many as
// are ever open at once on one instance, with room to spare.
const SAVED_QUEUES_KEPT = 50;
// Versions of one surgery this instance saved, any of which a read of its version may find: more than the changes
// that can be saved here while one read is under way.
const ETAGS_KEPT = 32;
// Instances hearing Teams about one meeting in the same instant: a few more goes always settle it.
const MEETING_API_ATTEMPTS = 5;

/** A change waiting for its surgery's turn (see QueueService.apply), and how its caller hears of it. */
interface WaitingChange {
  decide: (state: QueueState, now: Date) => QueueChange | Refusal;
  outcome?: StoredOutboxEntry;
  asked?: StoredQueue;
  knew: number;
  shown?: (applied: Applied) => OutboxEntry | undefined;
  settle: (result: Applied | Refusal) => void;
  fail: (error: unknown) => void;
}

/** What one change of several decided together came to. */
type Answer = { result: Applied | Refusal } | { error: unknown };

const byStart = (surgeries: Surgery[]): Surgery[] => surgeries.sort((a, b) => a.startsAt.localeCompare(b.startsAt));

/** The fields a change may set, as the set-up form sends them; the ward and the meeting stay. */
const CHANGEABLE_INPUT = [
  'startsAt',
  'endsAt',
  'joinUrl',
  'dialInNumber',
  'dialInConferenceId',
  'councillors',
  'councillorAccounts',
  'mode',
  'slotMinutes',
  'freeSlots',
];

function changeableIn(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).filter(([field]) => CHANGEABLE_INPUT.includes(field)));
}

/** A surgery as its set-up form would send it, so a change is checked exactly as the set-up was. */
function asSetUp(surgery: Surgery): Record<string, unknown> {
  return {
    ward: surgery.ward,
    startsAt: surgery.startsAt,
    endsAt: surgery.endsAt,
    joinUrl: surgery.joinUrl,
    councillors: surgery.councillors,
    ...defined({
      dialInNumber: surgery.dialIn?.number,
      dialInConferenceId: surgery.dialIn?.conferenceId,
      councillorAccounts: surgery.councillorAccounts,
      mode: surgery.mode,
      slotMinutes: surgery.slotMinutes,
      freeSlots: surgery.freeSlots,
    }),
  };
}

function defined<T extends Record<string, unknown>>(fields: T): Partial<T> {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>;
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Loads a surgery's queue, applies a domain rule and saves the result; conflicts retry on fresh state. */
export class QueueService {
  /** Changes to one surgery take turns. */
  private readonly inLine = new Turns<string>();
  /** Changes waiting for their turn, by surgery, oldest first. */
  private readonly waiting = new Map<string, WaitingChange[]>();
  /**
   * The queue as this instance last saved it, by surgery, with the number of saves finished by then and the
   * versions of its latest saves of that surgery.
   */
  private readonly lastSaved = new Map<string, { queue: StoredQueue; saves: number; etags: string[] }>();
  /** Saves finished by this instance, of any surgery. */
  private saves = 0;
  /** For each queue `read` gave: the number of saves this instance had finished when the read began. */
  private readonly savesBeforeRead = new WeakMap<StoredQueue, number>();

  constructor(private readonly deps: QueueServiceDeps) {}

  /** `mayPlanIn` says whether the person setting it up acts for the ward it is placed in. */
  /**
   * Saves a councillor's surgery. With makeMeeting its Teams meeting is made once the plan is checked and
   * the councillor may set up in its ward, so a refused plan never leaves an event in anyone's calendar.
   */
  async planSurgery(
    input: Record<string, unknown>,
    by: string,
    mayPlanIn: (ward: InWard) => boolean = () => true,
    makeMeeting?: MakeMeeting,
  ): Promise<Surgery | Refusal> {
    const now = this.deps.clock();
    const plan = parseSurgeryPlan(input, now, makeMeeting !== undefined);
    if (!plan.ok) return refuse('INPUT.INVALID', 'Check the surgery details.', plan.problems);
    const roster = this.deps.roster?.();
    const placed = roster ? roster.placed(plan.value) : plan.value;
    if (!placed) {
      const wards = roster!.wards.map((w) => w.name).join(', ');
      return refuse('INPUT.INVALID', 'Check the surgery details.', [
        { field: 'ward', message: `Choose one of the council's wards: ${wards}.` },
      ]);
    }
    if (!mayPlanIn(placed)) return refuse('SURGERY.COUNCILLORS_ONLY', `Only ${placed.ward} ward's councillors can set up its surgeries.`);
    const made = makeMeeting && (await makeMeeting(placed));
    if (made && isRefusal(made)) return made;
    // A phone line the councillor typed in wins over the meeting's own: they may know a better one.
    const meeting = made
      ? {
          joinUrl: made.joinUrl,
          teamsMeeting: { eventId: made.eventId, onlineMeetingId: made.onlineMeetingId },
          ...(made.dialIn && !placed.dialIn ? { dialIn: made.dialIn } : {}),
        }
      : {};
    const heard = await this.meetingApisHeardIn(placed.meetingId);
    const surgery = { ...planSurgery(this.deps.newId(), { ...placed, ...meeting }, by, now), ...heard };
    await this.deps.surgeries.create(surgery);
    return surgery;
  }

  /**
   * Word from a Teams meeting, applied to each scheduled or open surgery run in it. A join or leave that
   * names no called resident, or a start or end with nothing to say, changes nothing.
   */
  async onMeetingEvent(event: MeetingEvent): Promise<void> {
    for (const surgery of (await this.currentSurgeries()).filter((s) => runsIn(s, event))) {
      const applied =
        event.kind === 'meeting_started' && surgery.openWhenMeetingStarts && surgery.status === 'scheduled'
          ? await this.open(surgery.id)
          : await this.apply(surgery.id, (state, now) => {
              switch (event.kind) {
                case 'meeting_started':
                  return noteMeetingStarted(state, now);
                case 'meeting_ended':
                  return noteMeetingEnded(state, now);
                case 'participants_joined':
                  return forEachName(state, event.names, now, joinedByTag);
                case 'participants_left':
                  return forEachName(state, event.names, now, leftByTag);
              }
            });
      // Another councillor may have opened or ended it meanwhile: nothing is then left to do.
      const overMeanwhile = ['SURGERY.ALREADY_OPEN', 'SURGERY.ENDED', 'SURGERY.CANCELLED'];
      if (isRefusal(applied) && !overMeanwhile.includes(applied.code)) {
        throw new Error(`A meeting event could not be applied: ${applied.code}`);
      }
    }
  }

  /**
   * What Teams said, at `at`, of a question about a meeting: answered, or refused for want of the meeting's
   * permission. Kept for the meeting, so a surgery set up in it later starts out knowing; when the answer
   * changed, each scheduled or open surgery run in the meeting is told, so its panel can say what is missing.
   * Word older than the newest kept changes nothing, whichever instance heard it.
   */
  async onMeetingApiOutcome(meetingId: string, api: MeetingApi, answered: boolean, at: string): Promise<void> {
    const { meetingApis } = this.deps;
    if (!meetingApis) return this.tellSurgeriesOfMeeting(meetingId, api, answered, at);
    const key = meetingChatKey(meetingId);
    let told = false;
    for (let attempt = 1; attempt <= MEETING_API_ATTEMPTS; attempt++) {
      const { observed, etag } = await meetingApis.read(key);
      const newest = observed[api];
      if (newest && newest.at >= at) {
        // Newer word was kept while the surgeries were being told this: they are told that instead.
        if (told) await this.tellSurgeriesOfMeeting(meetingId, api, !newest.refused, newest.at);
        return;
      }
      if (!newest || newest.refused === answered) {
        await this.tellSurgeriesOfMeeting(meetingId, api, answered, at);
        told = true;
      }
      if (await meetingApis.write(key, { ...observed, [api]: { refused: !answered, at } }, etag)) return;
    }
    throw new Error('What Teams said of the meeting could not be kept: it changed at every try');
  }

  private async tellSurgeriesOfMeeting(meetingId: string, api: MeetingApi, answered: boolean, at: string): Promise<void> {
    for (const surgery of (await this.currentSurgeries()).filter((s) => s.meetingId === meetingId)) {
      await this.apply(surgery.id, (state) => recordMeetingApiOutcome(state, api, answered, at));
    }
  }

  /** What Teams said of the meeting's questions before a surgery was set up in it. */
  private async meetingApisHeardIn(meetingId: string | undefined): Promise<Partial<Surgery>> {
    const { meetingApis } = this.deps;
    return meetingId && meetingApis ? meetingApisHeard((await meetingApis.read(meetingChatKey(meetingId))).observed) : {};
  }

  /** Scheduled and open surgeries, soonest first. */
  async currentSurgeries(): Promise<Surgery[]> {
    return byStart(await this.deps.surgeries.current());
  }

  /** Surgeries starting in the given UTC months (YYYY-MM), soonest first. */
  async surgeriesStartingIn(months: readonly string[]): Promise<Surgery[]> {
    return byStart(await this.deps.surgeries.startingIn(months));
  }

  /** What a councillor's list shows: open and coming surgeries, and those that started this month or last. */
  async surgeriesToList(): Promise<Surgery[]> {
    const thisMonth = startMonth({ startsAt: this.deps.clock().toISOString() });
    const [current, recent] = await Promise.all([
      this.deps.surgeries.current(),
      this.deps.surgeries.startingIn([monthBefore(thisMonth), thisMonth]),
    ]);
    return byStart([...new Map([...recent, ...current].map((s) => [s.id, s])).values()]);
  }

  /** Surgeries whose residents' details retention has not yet forgotten, soonest first. */
  async surgeriesHoldingDetails(): Promise<Surgery[]> {
    return byStart(await this.deps.surgeries.holdingDetails());
  }

  /** Retention has forgotten everything this ended surgery held. */
  released(surgeryId: string): Promise<void> {
    return this.deps.surgeries.released(surgeryId);
  }

  /** Surgeries set up before the roster, whose ward has no code yet, soonest first. */
  async surgeriesWithoutWardCode(): Promise<Surgery[]> {
    return byStart(await this.deps.surgeries.withoutWardCode());
  }

  /**
   * The queue as stored, with its version: a change made next may start from it instead of reading it again.
   * When the queue this instance last saved is still the stored one, its version alone is read; when another
   * instance changed it since, the version and then the queue.
   */
  async read(surgeryId: string): Promise<StoredQueue | undefined> {
    const saves = this.saves;
    // While the surgery's version is one this instance saved, the queue it saved last is the stored one, or newer
    // (saved while the version was read): one row read, not every resident's. A version not known yet, while a
    // change here is being saved, is most likely that change's: the change made next joins the line behind it and
    // starts from the queue it saves. Were it another instance's, that save is refused and decided again on a fresh read.
    const version = this.lastSaved.has(surgeryId) ? await this.deps.surgeries.currentEtag(surgeryId) : undefined;
    const last = this.lastSaved.get(surgeryId);
    if (version !== undefined && last && (last.etags.includes(version) || this.inLine.busy(surgeryId))) {
      this.savesBeforeRead.set(last.queue, last.saves);
      return last.queue;
    }
    const stored = await this.deps.surgeries.loadQueue(surgeryId);
    if (stored) this.savesBeforeRead.set(stored, saves);
    return stored;
  }

  /**
   * The queue as this instance last saved it, with no request, or undefined when it has not saved it lately. Only a
   * change may start from it: the change is saved only if this is still the stored queue (its ETag), and is decided
   * again on a fresh read if not. Anything answered without a save must come from `read`.
   */
  lastSavedQueue(surgeryId: string): StoredQueue | undefined {
    const last = this.lastSaved.get(surgeryId);
    if (last) this.savesBeforeRead.set(last.queue, last.saves);
    return last?.queue;
  }

  private rememberSaved(surgeryId: string, queue: StoredQueue): void {
    this.saves += 1;
    const etags = [...(this.lastSaved.get(surgeryId)?.etags.slice(1 - ETAGS_KEPT) ?? []), queue.etag];
    this.lastSaved.delete(surgeryId);
    this.lastSaved.set(surgeryId, { queue, saves: this.saves, etags });
    // The surgery saved longest ago goes first.
    if (this.lastSaved.size > SAVED_QUEUES_KEPT) this.lastSaved.delete(this.lastSaved.keys().next().value!);
  }

  /** The surgery without its residents: for a view that only names its ward or times. */
  surgery(surgeryId: string): Promise<Surgery | undefined> {
    return this.deps.surgeries.find(surgeryId);
  }

  async load(surgeryId: string): Promise<QueueState | undefined> {
    const stored = await this.deps.surgeries.loadQueue(surgeryId);
    return stored && { surgery: stored.surgery, visits: stored.visits, bookings: stored.bookings };
  }

  async view(surgeryId: string): Promise<QueueView | Refusal> {
    const state = await this.load(surgeryId);
    if (!state) return refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
    return this.viewOf(state);
  }

  viewOf(state: QueueState): QueueView {
    const view = buildQueueView(state, this.deps.wait, this.deps.clock(), this.deps.calledAdmitMinutes);
    const base = this.deps.publicBaseUrl;
    return base ? { ...view, publicPageUrl: `${base}/surgeries/${encodeURIComponent(state.surgery.id)}` } : view;
  }

  /** `confirmedEarly`: the councillor was told which day the surgery is on, and still wants it open now. */
  async open(surgeryId: string, confirmedEarly = false): Promise<Applied | Refusal> {
    const callLengthPrior = await this.wardPriorOf(surgeryId);
    const rule = { earlyMinutes: this.deps.openEarlyMinutes ?? 0, confirmedEarly };
    return this.apply(surgeryId, (state, now) => {
      const opened = openSurgery(state.surgery, now, rule);
      if (isRefusal(opened)) return opened;
      return { surgery: callLengthPrior ? { ...opened, callLengthPrior } : opened, visits: [], events: [] };
    });
  }

  /** Ends the surgery; residents it did not reach are sent to the ward's next surgery, as planned now. */
  async end(surgeryId: string): Promise<Applied | Refusal> {
    // The surgery's own row names its ward and times: enough to find the next surgery.
    const ending = await this.surgery(surgeryId);
    const next = ending && (await this.nextSurgeryOf(ending));
    const applied = await this.apply(surgeryId, (state, now) => queue.endSurgery(state, now, next));
    if (!isRefusal(applied)) await this.rememberLengths(applied.state);
    return applied;
  }

  /**
   * Cancels a surgery before or while it runs: residents booked, waiting or called are told, and sent to the
   * ward's next surgery as planned now; the Teams meeting made for it is cancelled too, through `calendar`.
   */
  async cancel(surgeryId: string, cancellation: Cancellation, calendar: MeetingCalendar, by: string): Promise<AppliedToSurgery | Refusal> {
    const cancelling = await this.surgery(surgeryId);
    const next = cancelling && (await this.nextSurgeryOf(cancelling));
    return this.applyFollowedByMeeting(
      surgeryId,
      cancelling,
      { calendar, by, tell: 'cancelled' },
      (state, now) => cancelSurgery(state, cancellation, now, next),
      () => ['cancelled'],
    );
  }

  /**
   * Changes a surgery's times, councillors, join details or way of taking residents, checked as at set-up.
   * Bookings move with their slots and are told; bookings left without a slot are cancelled only once
   * `confirmDrops` says the councillors saw whose. The Teams meeting made for it is changed too, through `calendar`.
   */
  async change(
    surgeryId: string,
    input: Record<string, unknown>,
    confirmDrops: boolean,
    calendar: MeetingCalendar,
    by: string,
  ): Promise<AppliedToSurgery | Refusal> {
    const current = await this.surgery(surgeryId);
    if (!current) return refuse('SURGERY.NOT_FOUND', 'There is no such surgery.');
    const plan = parseSurgeryPlan({ ...asSetUp(current), ...changeableIn(input) }, this.deps.clock());
    if (!plan.ok) return refuse('INPUT.INVALID', 'Check the surgery details.', plan.problems);
    const { startsAt, endsAt, joinUrl, dialIn, councillors, councillorAccounts, mode, slotMinutes, freeSlots } = plan.value;
    const changes = { startsAt, endsAt, joinUrl, councillors, ...defined({ dialIn, councillorAccounts, mode, slotMinutes, freeSlots }) };
    return this.applyFollowedByMeeting(
      surgeryId,
      current,
      { calendar, by, tell: 'changed' },
      (state, now) => changeSurgery(state, changes, confirmDrops, this.deps.wait, now),
      (before, after) => meetingChangesOf(before, after),
    );
  }

  /**
   * Applies `step` to the surgery and has its Teams meeting follow: through `calendar` at once when it is the
   * organiser's, or kept as pending for the organiser's next call when it is someone else's (`what` it changed).
   */
  private async applyFollowedByMeeting(
    surgeryId: string,
    surgery: Surgery | undefined,
    { calendar, by, tell }: { calendar: MeetingCalendar; by: string; tell: 'cancelled' | 'changed' },
    step: (state: QueueState, now: Date) => QueueChange | Refusal,
    what: (before: Surgery, after: Surgery) => MeetingChange[],
  ): Promise<AppliedToSurgery | Refusal> {
    const follows = this.followsOf(surgery, calendar);
    const pending = { id: this.deps.newId(), by };
    const applied = await this.apply(surgeryId, (state, now) => {
      const done = step(state, now);
      return isRefusal(done) ? done : followedByMeeting(done, follows, what(state.surgery, done.surgery), pending, now);
    });
    const meeting = !isRefusal(applied) && follows !== 'later' && applied.state.surgery.teamsMeeting;
    return meeting ? { ...applied, meeting: await calendar[tell](applied.state.surgery, meeting) } : applied;
  }

  /**
   * A change another councillor made that the surgery's Teams meeting does not show yet, applied through the
   * organiser's `calendar` (their own sign-in). The change is held while it is applied, so two instances never
   * both apply it, and it is gone only once Microsoft 365 accepted it; a refusal is kept, with why, for the panel.
   */
  async followPendingMeetingChange(surgeryId: string, calendar: MeetingCalendar): Promise<void> {
    const holder = this.deps.newId();
    const held = await this.apply(surgeryId, (state, now) => holdMeetingPending(state, holder, now));
    if (isRefusal(held) || !holds(held.state.surgery, holder)) return;
    const { surgery } = held.state;
    const { id, what } = surgery.meetingPending!;
    const meeting = surgery.teamsMeeting!;
    const outcome = what.includes('cancelled') ? await calendar.cancelled(surgery, meeting) : await calendar.changed(surgery, meeting);
    await this.apply(surgeryId, (state, now) => settleMeetingPending(state, id, outcome.inStep ? undefined : outcome.why, now));
  }

  /** How the surgery's Teams meeting follows a change through `calendar`; it never does when Surgery Queue did not make it. */
  private followsOf(surgery: Surgery | undefined, calendar: MeetingCalendar): MeetingFollows {
    return surgery?.teamsMeeting ? calendar.follows(surgery) : 'never';
  }

  /** "Undo" on ending: open again, residents it did not reach back in the queue and told so. */
  reopen(surgeryId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => reopenSurgery(state, now));
  }

  /** "Undo" on a no-show, or a not reached marked by hand: the resident is back as they were, and told so. */
  undoVisit(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => undoVisit(state, visitId, now));
  }

  /** A break of `minutes`: estimates move on by it, and residents waiting or called are told. */
  pause(surgeryId: string, minutes: number): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => pauseSurgery(state, minutes, now));
  }

  resume(surgeryId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state) => resumeSurgery(state));
  }

  /** The ward's next surgery still to come, if one is planned. */
  async nextSurgeryOf(surgery: Surgery): Promise<NextSurgery | undefined> {
    const now = this.deps.clock().toISOString();
    const next = (await this.currentSurgeries()).find(
      (s) => s.id !== surgery.id && s.status === 'scheduled' && s.startsAt > now && sameWard(s, surgery),
    );
    return next && { id: next.id, startsAt: next.startsAt, ...(next.mode ? { mode: next.mode } : {}) };
  }

  /** After the surgery: a phone resident who was called was not reached after all, and becomes a follow-up. */
  markNotReached(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => markNotReached(state, visitId, now));
  }

  /** "Done": a follow-up's case is closed without a last message to the resident. */
  closeFollowUp(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => closeFollowUp(state, visitId, now));
  }

  /** A surgery's estimates start from its ward's latest consultations: one read as it opens, never its history. */
  private async wardPriorOf(surgeryId: string): Promise<CallLengthFigures | undefined> {
    const { wardLengths } = this.deps;
    const wardCode = wardLengths && (await this.deps.surgeries.find(surgeryId))?.wardCode;
    if (!wardLengths || !wardCode) return undefined;
    const recent = await wardLengths.recent(wardCode);
    return recent.length > 0 ? wardPrior(recent, this.deps.wait.priorMinutes) : undefined;
  }

  private async rememberLengths({ surgery, visits }: QueueState): Promise<void> {
    const lengths = surgery.endedAt && surgeryLengths(surgery.id, visits, surgery.endedAt);
    if (!this.deps.wardLengths || !surgery.wardCode || !lengths) return;
    await this.deps.wardLengths.update(surgery.wardCode, (recent) => withRecent(recent, lengths));
  }

  /** An id for a visit about to be checked in, so the resident's chat can point at it first. */
  newVisitId(): string {
    return this.deps.newId();
  }

  /** `shown`: what the check-in's reply will show, kept in its transaction when its activity is known already. */
  async checkIn(
    surgeryId: string,
    resident: Omit<queue.NewVisit, 'id' | 'statusToken'>,
    id: string = this.deps.newId(),
    read?: StoredQueue,
    shown?: (applied: Applied<Creating<Visit>>) => OutboxEntry | undefined,
  ): Promise<Applied<Creating<Visit>> | Refusal> {
    const statusToken = await this.statusTokenFor(surgeryId, id);
    return this.apply(
      surgeryId,
      (state, now) => {
        // Looked up with the surgery as it is saved now: the lists may be reloaded while a check-in waits its turn.
        const wardCheck = this.deps.wards?.check(state.surgery, resident.postcode);
        const change = queue.checkIn(state, { ...resident, id, statusToken, wardCheck }, now);
        return isRefusal(change) ? change : noticeCheckInToEmptyQueue(state, change, now);
      },
      undefined,
      read,
      shown,
    );
  }

  /**
   * A new status page token for a visit about to be saved. It names the visit, so nothing else is stored;
   * ids a token cannot carry get a link to it, stored before the visit, so every saved visit's page works.
   */
  async statusTokenFor(surgeryId: string, visitId: string): Promise<string> {
    const secret = this.deps.newStatusToken();
    const token = visitStatusToken(surgeryId, visitId, secret);
    if (token) return token;
    await this.deps.statusLinks.put({ token: secret, surgeryId, visitId });
    return secret;
  }

  /** The visit a status page token leads to, with its whole queue. */
  async findByStatusToken(token: string): Promise<{ state: QueueState; visitId: string } | undefined> {
    const link = visitOfStatusToken(token) ?? (await this.deps.statusLinks.get(token));
    const state = link && (await this.load(link.surgeryId));
    const visit = state?.visits.find((v) => v.id === link!.visitId && v.statusToken === token);
    return state && visit ? { state, visitId: visit.id } : undefined;
  }

  admitNext(surgeryId: string, by: string): Promise<Applied<Calling> | Refusal> {
    return this.apply(surgeryId, (state, now) => queue.admitNext(state, by, now));
  }

  admit(surgeryId: string, visitId: string, by: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => queue.admit(state, visitId, by, now));
  }

  markJoined(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => queue.markJoined(state, visitId, now));
  }

  markNoShow(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => queue.markNoShow(state, visitId, now));
  }

  /** "I'm here" from a resident marked as not joining, in time: back in the queue, next to be called. */
  returnAfterNoShow(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => queue.returnAfterNoShow(state, visitId, now));
  }

  /** `outsideChat`: from the status page, so the resident's chat is told (see ResidentUpdates). */
  leave(surgeryId: string, visitId: string, outsideChat = false): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => {
      const change = queue.leave(state, visitId, now);
      if (isRefusal(change) || !outsideChat) return change;
      return {
        ...change,
        events: change.events.map((event) => (event.type === 'left' ? { ...event, outsideChat: true as const } : event)),
      };
    });
  }

  /** The resident leaves the queue and their issue becomes a case for the councillors to follow up. */
  leaveIssue(surgeryId: string, visitId: string): Promise<Applied | Refusal> {
    const seed = this.deps.newId();
    return this.apply(surgeryId, (state, now) => leaveIssueForFollowUp(state, visitId, seed, now));
  }

  /**
   * Records the alerts now due to waiting residents, and the councillors' notice of called residents who have
   * not joined in time, in one save; the saved events are what sends them, once.
   */
  raiseAlerts(surgeryId: string, settings: AlertSettings): Promise<Applied | Refusal> {
    const admitMinutes = this.deps.calledAdmitMinutes;
    return this.apply(surgeryId, (state, now) => {
      const alerts = raiseAlerts(state, this.deps.wait, settings, now);
      return admitMinutes === undefined ? alerts : thenApply(state, alerts, (after) => noticeNotJoined(after, admitMinutes, now));
    });
  }

  /**
   * Saves an outbox entry's outcome (`done`, read as `etag`) and, when it says, whether the message reached
   * the resident on their visit, in one transaction. Throws OutboxEntryChanged when the entry was replaced.
   */
  async recordOutcome(done: OutboxEntry, etag: string): Promise<void> {
    const outcome: StoredOutboxEntry = { entry: done, etag };
    const delivered = done.status === 'sent';
    // A notice Teams refused (401/403/404) says the meeting's permission is missing, which the panel then tells.
    if (!done.contact && done.message.kind === 'stage_notice' && (delivered || done.reason === 'chat_closed')) {
      const applied = await this.apply(done.surgeryId, (state, now) => recordStageNoticeOutcome(state, delivered, now), outcome);
      if (isRefusal(applied)) await this.saveOutcomeAlone(outcome);
      return;
    }
    const { visitId, record: kind } = done;
    if (!visitId || !kind || (delivered && done.recordFailureOnly)) return this.saveOutcomeAlone(outcome);
    const decide = (state: QueueState, now: Date): QueueChange | Refusal => {
      if (kind === 'message') return recordMessageDelivery(state, visitId, done.id, delivered, now, done.reason);
      if (kind === 'case_update') return recordCaseUpdateDelivery(state, visitId, done.id, delivered, now, done.reason);
      return queue.recordDelivery(state, visitId, kind, delivered, now, done.reason);
    };
    const applied = await this.apply(done.surgeryId, decide, outcome);
    // The visit or surgery is gone (erased): the entry's outcome is saved all the same.
    if (isRefusal(applied)) await this.saveOutcomeAlone(outcome);
  }

  /** "Seen" with the consultation's outcome, topic and follow-up; the resident gets a summary with a case reference. */
  recordConsultation(surgeryId: string, visitId: string, record: ConsultationRecord): Promise<Applied | Refusal> {
    const seed = this.deps.newId();
    return this.apply(surgeryId, (state, now) => recordConsultation(state, visitId, record, seed, now));
  }

  recordFeedback(surgeryId: string, visitId: string, chatKey: string, feedback: Feedback): Promise<Applied | Refusal> {
    return this.apply(surgeryId, (state, now) => recordFeedback(state, visitId, chatKey, feedback, now));
  }

  postCaseUpdate(
    surgeryId: string,
    visitId: string,
    update: { text: string; closesCase: boolean },
    by: string,
  ): Promise<Applied | Refusal> {
    const id = this.deps.newId();
    return this.apply(surgeryId, (state, now) => postCaseUpdate(state, visitId, { ...update, id, by }, now));
  }

  messageResident(surgeryId: string, visitId: string, text: string, by: string): Promise<Applied | Refusal> {
    const id = this.deps.newId();
    return this.apply(surgeryId, (state, now) => messageResident(state, visitId, { id, text, by }, now));
  }

  /**
   * This service with every change it makes remembered under a councillor's action key (see once): a repeat
   * of the key, after an answer that never arrived, changes nothing and answers as the first time did.
   */
  withActionKey(key: string | undefined): QueueService {
    if (key === undefined) return this;
    // Every change goes through apply, so the keyed service is this one with apply wrapped: same state, same turns.
    const keyed = Object.create(this) as QueueService;
    keyed.apply = (surgeryId, decide, outcome, read, shown) => this.apply(surgeryId, once(key, decide), outcome, read, shown);
    return keyed;
  }

  /**
   * Applies a domain rule to a surgery's queue and saves the result. Changes to one surgery made through
   * this instance take turns, so they never refuse each other's saves; the ETag condition still settles races
   * with other instances. Changes that wait while one is being saved are decided one after another, each on
   * the queue as the one before it left it, and saved together in one transaction when their turn comes (see
   * saveTogether). `read`, the queue as the caller just read it, saves reading it again when no change is
   * ahead in line and none was saved here since it was read; if it is out of date by the time the change is
   * saved, the change is decided again on a fresh read. `shown`: an outbox entry to keep with the change as it
   * was decided (see OutboxWrites).
   */
  apply<C extends QueueChange>(
    surgeryId: string,
    decide: (state: QueueState, now: Date) => C | Refusal,
    outcome?: StoredOutboxEntry,
    read?: StoredQueue,
    shown?: (applied: Applied<C>) => OutboxEntry | undefined,
  ): Promise<Applied<C> | Refusal> {
    const asked = read?.surgery.id === surgeryId ? read : undefined;
    // What the caller knew: saves here before its read began (or, with no read, before it asked).
    const knew = (asked && this.savesBeforeRead.get(asked)) ?? this.saves;
    return new Promise<Applied<C> | Refusal>((resolve, reject) => {
      const waiting = this.waiting.get(surgeryId) ?? [];
      waiting.push({
        decide,
        ...(outcome ? { outcome } : {}),
        ...(asked ? { asked } : {}),
        knew,
        ...(shown ? { shown: shown as (applied: Applied) => OutboxEntry | undefined } : {}),
        settle: resolve as (result: Applied | Refusal) => void,
        fail: reject,
      });
      this.waiting.set(surgeryId, waiting);
      // One turn for each change: a turn finding its change saved already, with others before it, has nothing to do.
      void this.inLine.run(surgeryId, () => this.saveWaiting(surgeryId));
    });
  }

  /** The changes waiting for a surgery, oldest first, saved together: one that saves an outbox outcome goes alone. */
  private async saveWaiting(surgeryId: string): Promise<void> {
    const waiting = this.waiting.get(surgeryId);
    if (!waiting || waiting.length === 0) return;
    let count = 1;
    if (!waiting[0]!.outcome) while (count < CHANGES_SAVED_TOGETHER && count < waiting.length && !waiting[count]!.outcome) count += 1;
    const together = waiting.splice(0, count);
    if (waiting.length === 0) this.waiting.delete(surgeryId);
    const first = together[0]!;
    await this.saveTogether(surgeryId, together, this.startingQueue(surgeryId, first.asked, first.knew));
  }

  /**
   * The queue a change starts from when its turn comes: the queue as this instance saved it, when that save
   * finished after the caller's read began (a change ahead in line saved it, or one that left the line just
   * before); else the queue the caller read; else none, and the change reads it.
   */
  private startingQueue(surgeryId: string, read: StoredQueue | undefined, knew: number): StoredQueue | undefined {
    const last = this.lastSaved.get(surgeryId);
    return last && last.saves > knew ? last.queue : read;
  }

  /**
   * Decides `together` one after another, each on the queue as the one before left it, and saves what they changed
   * in one transaction; each caller hears of its own change (or refusal) once that is saved. A refused save decides
   * them all again on a fresh read. A change that would take the transaction past its rows waits for the next turn.
   * `first`: the queue to decide on first, when known.
   */
  private async saveTogether(surgeryId: string, together: WaitingChange[], first: StoredQueue | undefined): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      let answers: Answer[];
      try {
        const stored = attempt === 1 && first ? first : await this.deps.surgeries.loadQueue(surgeryId);
        if (!stored) {
          for (const change of together) change.settle(refuse('SURGERY.NOT_FOUND', 'There is no such surgery.'));
          return;
        }
        const decided = this.decideInTurn(stored, together);
        if (decided.later.length > 0) {
          together = together.slice(0, together.length - decided.later.length);
          this.waiting.set(surgeryId, [...decided.later, ...(this.waiting.get(surgeryId) ?? [])]);
          void this.inLine.run(surgeryId, () => this.saveWaiting(surgeryId));
        }
        answers = decided.answers;
        const writing = decided.saving;
        if (writing.changes === 0) {
          // Nothing to save: an outcome whose change changed nothing is saved on its own.
          const { outcome } = together[0]!;
          if (outcome && answers[0] && 'result' in answers[0] && !isRefusal(answers[0].result)) await this.saveOutcomeAlone(outcome);
        } else {
          const { visits, bookings, outbox } = writing.writes();
          // Marked first, so the sender finds the promises however soon after the save this instance stops.
          if (writing.promised) await this.outbox().markWork(surgeryId, decided.now.toISOString());
          const etag = await this.deps.surgeries.saveQueue(
            decided.state.surgery,
            visits,
            stored.etag,
            bookings,
            outbox,
            listingChanged(stored.surgery, decided.state.surgery) ? stored.surgery : undefined,
          );
          const saved = { surgery: decided.state.surgery, visits: decided.state.visits, bookings: decided.state.bookings ?? [], etag };
          this.rememberSaved(surgeryId, saved);
          this.deps.onChanged(surgeryId, saved);
          if (writing.promised) this.deps.onPromised();
        }
      } catch (error) {
        if (error instanceof ConcurrencyConflict) {
          if (attempt >= MAX_ATTEMPTS) {
            for (const change of together) change.settle(refuse('QUEUE.BUSY', 'The queue is very busy just now. Please try again.'));
            return;
          }
          // Another councillor (or instance) changed the queue first: back off a little, with jitter, and decide again.
          await pause(Math.random() * Math.min(MAX_PAUSE_MS, 10 * attempt));
          continue;
        }
        // Storage refused the transaction for what it held, and saved none of it: it may be one change's rows alone, so
        // each change is tried on its own and the others are not refused with it. Anything else fails them all, as it
        // would each alone: a save that failed without an answer may yet have been made.
        if (error instanceof SaveRefused && together.length > 1)
          for (const change of together) await this.saveTogether(surgeryId, [change], undefined);
        else for (const change of together) change.fail(error);
        return;
      }
      for (const [index, change] of together.entries()) {
        const answer = answers[index]!;
        if ('error' in answer) change.fail(answer.error);
        else change.settle(answer.result);
      }
      return;
    }
  }

  /**
   * Each change decided on the queue as the ones before it left it, what they write, and the changes that would
   * not fit in one transaction (`later`, the last of `together`). A change that throws or is refused leaves the
   * queue as it was for the next.
   */
  private decideInTurn(
    stored: StoredQueue,
    together: WaitingChange[],
  ): { answers: Answer[]; saving: SavedTogether; state: QueueState; later: WaitingChange[]; now: Date } {
    const now = this.deps.clock();
    const saving = new SavedTogether(together[0]!.outcome);
    const answers: Answer[] = [];
    let state: QueueState = { surgery: stored.surgery, visits: stored.visits, bookings: stored.bookings };
    for (const [index, waiting] of together.entries()) {
      try {
        const change = waiting.decide(state, now);
        if (isRefusal(change)) {
          answers.push({ result: change });
          continue;
        }
        if (queue.isUnchanged(state, change)) {
          answers.push({ result: { change, state } });
          continue;
        }
        const after = queue.afterChange(state, change);
        const applied: Applied = { change, state: { ...after, bookings: settleCancelled(after.surgery, after.bookings ?? []) } };
        const promise = change.events.length > 0 ? this.deps.planMessages?.(applied) : undefined;
        const kept = waiting.shown?.(applied);
        if (saving.changes > 0 && !saving.fits(change, promise, kept)) return { answers, saving, state, later: together.slice(index), now };
        saving.add(change, promise, kept);
        answers.push({ result: applied });
        state = applied.state;
      } catch (error) {
        answers.push({ error });
      }
    }
    return { answers, saving, state, later: [], now };
  }

  private async saveOutcomeAlone({ entry, etag }: StoredOutboxEntry): Promise<void> {
    try {
      await this.outbox().update(entry, etag);
    } catch (error) {
      throw error instanceof ConcurrencyConflict ? new OutboxEntryChanged(entry.id) : error;
    }
  }

  private outbox(): Pick<OutboxRepository, 'markWork' | 'update'> {
    if (!this.deps.outbox) throw new Error('This queue service was built without an outbox');
    return this.deps.outbox;
  }
}
