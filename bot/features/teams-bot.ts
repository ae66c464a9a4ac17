import type { Config } from '../config';
import type { QueueService } from '../services/queue-service';
import type { ResidentConversation } from '../services/resident-conversation';
import { BotCredentials, NO_BOT_APP, TeamsBot, createTeamsBot } from '../teams/bot-adapter';
import type { Basics } from './basics';

interface TeamsBotNeeds {
  localMode: boolean;
  /** The Bot Framework app to check activities' tokens for and sign what is sent as, instead of the config's. */
  credentials?: BotCredentials;
  conversation: ResidentConversation;
  queue: QueueService;
  /** How long one call to the Bot Connector may take. */
  sendTimeoutMs: number;
  publicBaseUrl: string;
}

/**
 * The bot residents talk to in Teams and web chat, which also hears what happens in the meetings it is in. Without
 * an app (local mode) it takes activities without a token.
 */
export function teamsBotFeature(
  settings: Config['bot'],
  basics: Basics,
  needs: TeamsBotNeeds,
): { bot: TeamsBot; meetingRolesFromTeams: boolean } {
  const { clock, log, storage } = basics;
  const { localMode, queue } = needs;
  // In local mode anyone may post activities, say a made-up meeting chat whose serviceUrl answers
  // "Organizer" for anyone; so meeting roles are only asked of Teams when the bot's traffic is signed.
  const meetingRolesFromTeams = !localMode;
  const bot = createTeamsBot(needs.credentials ?? (localMode ? NO_BOT_APP : settings), needs.conversation, log, {
    requestTimeoutMs: needs.sendTimeoutMs,
    isStorageOutage: storage.health.isOutage,
    onMeetingEvent: (event) => queue.onMeetingEvent(event),
    tabUrl: `${needs.publicBaseUrl}/tab/`,
    ...(meetingRolesFromTeams
      ? { meetingChats: { chats: storage.chats, clock, onMeetingApiOutcome: (...outcome) => queue.onMeetingApiOutcome(...outcome) } }
      : {}),
  });
  return { bot, meetingRolesFromTeams };
}
