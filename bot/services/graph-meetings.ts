import { Refusal, isRefusal, refuse } from '../domain/refusal';
import type { Surgery, SurgeryMeeting, SurgeryPlan } from '../domain/model';
import { parseDialIn } from '../domain/surgery';
import { surgeryEvent, surgeryEventChange, surgeryMeetingSettings } from '../domain/surgery-meeting';
import type { DialIn } from '../domain/joining-advice';

/** A surgery's Teams meeting, made in the organising councillor's calendar: its join link and where it is. */
export interface MadeMeeting extends SurgeryMeeting {
  joinUrl: string;
  /** Its phone line, when the organiser's licence gives meetings audio conferencing. */
  dialIn?: DialIn;
}

/** Makes a surgery's meeting as the signed-in councillor, or says why it could not. */
export type MakeMeeting = (plan: SurgeryPlan) => Promise<MadeMeeting | Refusal>;

export interface GraphMeetingsDeps {
  /** https://graph.microsoft.com/v1.0, or a local stand-in in tests. */
  baseUrl: string;
  timeoutMs: number;
  onError: (message: string, details: Record<string, unknown>) => void;
}

/** What became of a change to a meeting Surgery Queue made: made, refused for want of a permission, gone from the calendar, or no answer. */
export type EventChange = 'done' | { permissionMissing: string } | 'gone' | 'unavailable';

type GraphAnswer = { status: number; body: Record<string, unknown> } | 'no answer';

const unavailable = (): Refusal =>
  refuse(
    'GRAPH.UNAVAILABLE',
    'Microsoft 365 did not answer just now, so no meeting was made. Try again in a minute, or paste a join link.',
  );

const missing = (permission: string, what: string): Refusal =>
  refuse(
    'GRAPH.PERMISSION_MISSING',
    `No meeting was made: Surgery Queue may not ${what}. Ask the council’s IT officers to grant the Microsoft Graph permission ${permission} to the Surgery Queue app (the officer guide says how), or paste a join link instead.`,
  );

/**
 * The surgery's meeting through Microsoft Graph with a councillor's delegated token: the calendar event
 * with its Teams meeting (POST /me/events), then the meeting found by its join link
 * (https://learn.microsoft.com/en-us/graph/api/onlinemeeting-get#example-3-retrieve-an-online-meeting-by-joinweburl)
 * and given the surgery's lobby, presenter and chat settings (PATCH /me/onlineMeetings/{id}). A meeting
 * whose settings could not be set is deleted again: a surgery never runs where residents could present
 * or read each other's chat. The token is used for these calls only and never logged.
 */
export class GraphMeetings {
  constructor(private readonly deps: GraphMeetingsDeps) {}

  maker(graphToken: string): MakeMeeting {
    return (plan) => this.make(graphToken, plan);
  }

  private async make(token: string, plan: SurgeryPlan): Promise<MadeMeeting | Refusal> {
    const event = await this.call(token, 'POST', '/me/events', surgeryEvent(plan));
    if (event === 'no answer' || event.status >= 500) return unavailable();
    if (event.status === 403) return missing('Calendars.ReadWrite', 'add events to your calendar');
    const eventId = text(event.body.id);
    const joinUrl = text((event.body.onlineMeeting as Record<string, unknown> | undefined)?.joinUrl);
    if (event.status !== 201 || !eventId) return this.failed('POST /me/events', event.status);
    if (!joinUrl) {
      await this.deleteEvent(token, eventId);
      return refuse(
        'GRAPH.PERMISSION_MISSING',
        'No meeting was made: your Microsoft 365 account cannot make Teams meetings from the calendar. Ask the council’s IT officers to check your Teams licence and meeting policy, or paste a join link instead.',
      );
    }
    const settled = await this.applySettings(token, joinUrl, plan);
    if (isRefusal(settled)) {
      await this.deleteEvent(token, eventId);
      return settled;
    }
    return { eventId, onlineMeetingId: settled.meetingId, joinUrl, ...(settled.dialIn ? { dialIn: settled.dialIn } : {}) };
  }

  /** The meeting's id and phone line once its settings are the surgery's. */
  private async applySettings(
    token: string,
    joinUrl: string,
    plan: SurgeryPlan,
  ): Promise<{ meetingId: string; dialIn?: DialIn | undefined } | Refusal> {
    const filter = encodeURIComponent(`JoinWebUrl eq '${joinUrl.replace(/'/g, "''")}'`);
    const found = await this.call(token, 'GET', `/me/onlineMeetings?$filter=${filter}`);
    if (found === 'no answer' || found.status >= 500) return unavailable();
    if (found.status === 403) return missing('OnlineMeetings.ReadWrite', 'set who presents and who waits in the lobby');
    const first = Array.isArray(found.body.value) ? (found.body.value[0] as Record<string, unknown> | undefined) : undefined;
    const meetingId = text(first?.id);
    if (found.status !== 200 || !meetingId) return this.failed('GET /me/onlineMeetings', found.status);
    const patched = await this.call(token, 'PATCH', `/me/onlineMeetings/${encodeURIComponent(meetingId)}`, surgeryMeetingSettings(plan));
    if (patched === 'no answer' || patched.status >= 500) return unavailable();
    if (patched.status === 403) return missing('OnlineMeetings.ReadWrite', 'set who presents and who waits in the lobby');
    if (patched.status !== 200 && patched.status !== 204) return this.failed('PATCH /me/onlineMeetings', patched.status);
    return { meetingId, dialIn: dialInOf(patched.body.audioConferencing) ?? dialInOf(first?.audioConferencing) };
  }

  /**
   * The event's new times and invited councillors (PATCH /me/events/{id}), then the meeting's presenters to
   * match them (PATCH /me/onlineMeetings/{id}, as when it was made).
   */
  async change(token: string, surgery: Surgery, meeting: SurgeryMeeting): Promise<EventChange> {
    const event = await this.call(token, 'PATCH', `/me/events/${encodeURIComponent(meeting.eventId)}`, surgeryEventChange(surgery));
    const changed = this.changeOf(event, 'PATCH /me/events', 'Calendars.ReadWrite', [200]);
    if (changed !== 'done') return changed;
    const path = `/me/onlineMeetings/${encodeURIComponent(meeting.onlineMeetingId)}`;
    return this.changeOf(
      await this.call(token, 'PATCH', path, surgeryMeetingSettings(surgery)),
      'PATCH /me/onlineMeetings',
      'OnlineMeetings.ReadWrite',
      [200, 204],
    );
  }

  /**
   * Cancels the event with a word to those invited (POST /me/events/{id}/cancel, body { Comment },
   * answered 202: https://learn.microsoft.com/en-us/graph/api/event-cancel). Only its organiser may.
   */
  async cancel(token: string, meeting: SurgeryMeeting, comment: string): Promise<EventChange> {
    const path = `/me/events/${encodeURIComponent(meeting.eventId)}/cancel`;
    return this.changeOf(
      await this.call(token, 'POST', path, { Comment: comment }),
      'POST /me/events/cancel',
      'Calendars.ReadWrite',
      [202, 200, 204],
    );
  }

  private changeOf(answer: GraphAnswer, call: string, permission: string, done: number[]): EventChange {
    if (answer === 'no answer' || answer.status >= 500) return 'unavailable';
    if (answer.status === 403) return { permissionMissing: permission };
    if (answer.status === 404) return 'gone';
    if (done.includes(answer.status)) return 'done';
    this.deps.onError('Microsoft Graph refused a surgery meeting call', { call, status: answer.status });
    return 'unavailable';
  }

  // A meeting left behind with Teams' default settings would be worse than none.
  private async deleteEvent(token: string, eventId: string): Promise<void> {
    const deleted = await this.call(token, 'DELETE', `/me/events/${encodeURIComponent(eventId)}`);
    if (deleted === 'no answer' || deleted.status !== 204) {
      this.deps.onError('a surgery meeting whose settings failed could not be deleted', {
        status: deleted === 'no answer' ? undefined : deleted.status,
      });
    }
  }

  private failed(call: string, status: number): Refusal {
    this.deps.onError('Microsoft Graph refused a surgery meeting call', { call, status });
    return unavailable();
  }

  private async call(token: string, method: string, path: string, body?: unknown): Promise<GraphAnswer> {
    try {
      const res = await fetch(`${this.deps.baseUrl}${path}`, {
        method,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(this.deps.timeoutMs),
      });
      const raw: unknown = res.status === 204 ? {} : await res.json().catch(() => ({}));
      return { status: res.status, body: typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {} };
    } catch {
      return 'no answer';
    }
  }
}

/**
 * The phone line from an onlineMeeting's audioConferencing
 * (https://learn.microsoft.com/en-us/graph/api/resources/audioconferencing): tollNumber and conferenceId,
 * kept only when they read as a phone number and a conference id do, since residents are told to dial them.
 */
function dialInOf(value: unknown): DialIn | undefined {
  const audio = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  return parseDialIn({ dialInNumber: audio.tollNumber ?? '', dialInConferenceId: audio.conferenceId ?? '' }, []);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
