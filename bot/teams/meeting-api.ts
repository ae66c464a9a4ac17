import { Activity, CloudAdapter, ConversationReference, TeamsInfo, TurnContext } from 'botbuilder';
import type { MeetingApi, MeetingDetails } from '../api-types';
import { parseMeetingId } from '../domain/surgery';
import type { MeetingRole } from '../domain/surgery-access';
import type { Participant, TeamsMeetings } from '../server/auth/meeting-roles';
import type { ChatRepository } from '../storage/ports';
import { meetingChatKey } from '../services/chat-keys';

// Teams answers in well under a second; a tab must not hang on it.
const ANSWER_WITHIN_MS = 5_000;

/**
 * The meeting a Teams activity comes from. Meeting chat activities usually name it in channelData; an
 * install event may carry only the chat, and a meeting id is base64 of "0#<meeting chat id>#0".
 */
function meetingIdOf(activity: Partial<Activity>): string | undefined {
  if (activity.channelId !== 'msteams') return undefined;
  const named: unknown = (activity.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  const fromChannel = parseMeetingId(named);
  if (fromChannel) return fromChannel;
  const thread = /^(19:meeting_[^;@]+@thread\.v2)/.exec(activity.conversation?.id ?? '')?.[1];
  return thread ? Buffer.from(`0#${thread}#0`).toString('base64') : undefined;
}

function isoTime(value: unknown): string | undefined {
  const time = value instanceof Date ? value : typeof value === 'string' ? new Date(value) : undefined;
  return time && !Number.isNaN(time.getTime()) ? time.toISOString() : undefined;
}

function statusOf(error: unknown): number | undefined {
  return (error as { statusCode?: number } | undefined)?.statusCode;
}

/** Whether Teams answered a question about a meeting (true) or refused it for want of the meeting's permission, and when. */
export type MeetingApiOutcome = (meetingId: string, api: MeetingApi, answered: boolean, at: string) => Promise<void>;

// Teams' answers that mean the app may not ask: its token was refused (401) or the meeting's permission for this
// API is not granted, or the app is not in the meeting (403)
// (https://learn.microsoft.com/en-us/microsoftteams/platform/apps-in-teams-meetings/meeting-apps-apis#response-codes).
const REFUSED = new Set([401, 403]);

/**
 * Teams' meeting API through the bot: who is organiser or presenter, and the meeting's details. Both need
 * a turn in a conversation Teams knows the bot is in, so the meeting chat's reference is remembered when
 * the bot is added to it (or hears anything there), and calls are made inside continueConversationAsync.
 */
export class TeamsMeetingApi implements TeamsMeetings {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
    private readonly chats: ChatRepository,
    private readonly clock: () => Date,
    private readonly onError: (message: string, details: Record<string, unknown>) => void,
    private readonly onOutcome: MeetingApiOutcome,
  ) {}

  /**
   * Keeps the meeting chat's reference when the bot is added to a meeting or hears from one. A failure
   * here is logged, not thrown: it must not spoil the turn itself.
   */
  async remember(context: TurnContext): Promise<void> {
    const { activity } = context;
    if (activity.conversation?.conversationType === 'personal' || (activity as { action?: string }).action === 'remove') return;
    const meetingId = meetingIdOf(activity);
    if (!meetingId) return;
    try {
      const reference = TurnContext.getConversationReference(activity);
      await this.chats.put({ chatKey: meetingChatKey(meetingId), reference, updatedAt: this.clock().toISOString() });
    } catch (error) {
      this.onError('could not keep the meeting chat', { error: error instanceof Error ? error.message : String(error) });
    }
  }

  async roleOf(meetingId: string, participant: Participant): Promise<MeetingRole | undefined> {
    const found = await this.ask(meetingId, 'participants', (context) =>
      TeamsInfo.getMeetingParticipant(context, meetingId, participant.id, participant.tenantId),
    );
    return found?.meeting?.role;
  }

  async detailsOf(meetingId: string): Promise<MeetingDetails | undefined> {
    const info = await this.ask(meetingId, 'details', (context) => TeamsInfo.getMeetingInfo(context, meetingId));
    if (!info?.details) return undefined;
    const { title, joinUrl, scheduledStartTime, scheduledEndTime } = info.details;
    const startsAt = isoTime(scheduledStartTime);
    const endsAt = isoTime(scheduledEndTime);
    return {
      ...(typeof title === 'string' && title !== '' ? { title } : {}),
      ...(typeof joinUrl === 'string' && joinUrl !== '' ? { joinUrl } : {}),
      ...(startsAt ? { startsAt } : {}),
      ...(endsAt ? { endsAt } : {}),
    };
  }

  /** Runs one meeting API call in the meeting chat; undefined when the bot is not there or Teams says no. */
  private async ask<T>(meetingId: string, api: MeetingApi, call: (context: TurnContext) => Promise<T>): Promise<T | undefined> {
    const chat = await this.chats.get(meetingChatKey(meetingId));
    if (!chat) return undefined;
    let answer: T | undefined;
    let answered: boolean | undefined;
    const asking = this.adapter.continueConversationAsync(this.appId, chat.reference as Partial<ConversationReference>, async (context) => {
      try {
        answer = await call(context);
        answered = true;
      } catch (error) {
        // 404: the person is not in the meeting. 401/403: Teams will not say, which the surgery's panel tells.
        const status = statusOf(error);
        if (status !== undefined && REFUSED.has(status)) answered = false;
        else if (status !== 404)
          this.onError('Teams meeting API call failed', { status, error: error instanceof Error ? error.message : String(error) });
      }
    });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ANSWER_WITHIN_MS);
    });
    try {
      await Promise.race([asking, late]);
    } catch (error) {
      this.onError('Teams meeting API call failed', { error: error instanceof Error ? error.message : String(error) });
    } finally {
      clearTimeout(timer);
    }
    if (answered !== undefined) await this.noteOutcome(meetingId, api, answered);
    return answer;
  }

  private async noteOutcome(meetingId: string, api: MeetingApi, answered: boolean): Promise<void> {
    try {
      await this.onOutcome(meetingId, api, answered, this.clock().toISOString());
    } catch (error) {
      // The question itself was answered all the same; the next answer tries again.
      this.onError('could not keep what Teams said of the meeting’s permissions', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
}
