import { CloudAdapter, ConfigurationBotFrameworkAuthentication, ConfigurationBotFrameworkAuthenticationOptions, ConversationReference, TurnContext } from 'botbuilder';
import type { Request, Response } from 'botbuilder';
import { Delivery, ResidentMessage, ResidentMessenger } from '../services/resident-messages';
import { ResidentConversation } from '../services/resident-conversation';
import { renderMessage } from './render-message';
import { ResidentBot } from './resident-bot';

/*
 * Everything that depends on the Bot Framework SDK (botbuilder) lives in this folder. Moving to the
 * Microsoft 365 Agents SDK means rewriting this folder against the same ports (ResidentMessenger,
 * ResidentConversation) and nothing else.
 */

export interface BotCredentials {
  appId: string;
  appPassword: string;
  tenantId: string;
  appType: string;
}

export interface BotLog {
  error(message: string, details: Record<string, unknown>): void;
}

export interface TeamsBot {
  /** The handler for POST /api/messages. */
  handleMessages(req: Request, res: Response): Promise<void>;
  messenger: ResidentMessenger;
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const status = (error as { statusCode?: number }).statusCode;
    return status ? `${status} ${error.message}` : error.message;
  }
  return String(error);
}

const isText = (value: unknown): value is string => typeof value === 'string' && value !== '';

/**
 * The fields every Bot Framework activity carries and our handling relies on. Anything else is not a
 * channel talking to us, and is refused before the SDK sees it.
 */
export function activityProblem(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return 'The body must be one activity object.';
  const activity = body as Record<string, unknown>;
  if (!isText(activity.type)) return 'The activity has no type.';
  if (!isText(activity.channelId)) return 'The activity has no channelId.';
  const conversation = activity.conversation as Record<string, unknown> | undefined;
  if (typeof conversation !== 'object' || conversation === null || !isText(conversation.id)) return 'The activity has no conversation id.';
  if (!isText(activity.serviceUrl)) return 'The activity has no serviceUrl.';
  try {
    const { protocol } = new URL(activity.serviceUrl);
    if (protocol !== 'https:' && protocol !== 'http:') return 'The serviceUrl must be an http(s) URL.';
  } catch {
    return 'The serviceUrl must be an http(s) URL.';
  }
  return undefined;
}

export function createTeamsBot(credentials: BotCredentials, conversation: ResidentConversation, log: BotLog): TeamsBot {
  // Without an app id (local mode) the SDK accepts unauthenticated activities and sends without a token.
  const auth = new ConfigurationBotFrameworkAuthentication(
    (credentials.appId === ''
      ? {}
      : {
          MicrosoftAppId: credentials.appId,
          MicrosoftAppPassword: credentials.appPassword,
          MicrosoftAppTenantId: credentials.tenantId,
          MicrosoftAppType: credentials.appType,
        }) as ConfigurationBotFrameworkAuthenticationOptions,
  );
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error('bot turn failed', { error: describe(error), channel: context.activity.channelId, activityType: context.activity.type });
    try {
      await context.sendActivity('Sorry, something went wrong on our side. Please try again in a minute.');
    } catch {
      // The channel is unreachable too; the failure is already logged.
    }
  };
  const bot = new ResidentBot(conversation);

  /** Runs one proactive send; failures are returned, not thrown, so a visit can record them. */
  async function proactively(reference: unknown, send: (context: TurnContext) => Promise<string | undefined>): Promise<Delivery> {
    let delivery: Delivery = { delivered: false, error: 'not attempted' };
    try {
      await adapter.continueConversationAsync(credentials.appId, reference as Partial<ConversationReference>, async (context) => {
        try {
          const activityId = await send(context);
          delivery = activityId ? { delivered: true, activityId } : { delivered: true };
        } catch (error) {
          delivery = { delivered: false, error: describe(error) };
        }
      });
    } catch (error) {
      delivery = { delivered: false, error: describe(error) };
    }
    if (!delivery.delivered) log.error('message to resident not delivered', { error: delivery.error });
    return delivery;
  }

  const messenger: ResidentMessenger = {
    send: (reference, message: ResidentMessage) => proactively(reference, async (context) => (await context.sendActivity(renderMessage(message)))?.id),
    replace: (reference, activityId, message) =>
      proactively(reference, async (context) => {
        await context.updateActivity({ ...renderMessage(message), id: activityId });
        return activityId;
      }),
  };

  return {
    handleMessages: async (req, res) => {
      const problem = activityProblem(req.body);
      if (problem) {
        res.status(400);
        res.send({ code: 'ACTIVITY.INVALID', message: problem });
        res.end();
        return;
      }
      await adapter.process(req, res, (context) => bot.run(context));
    },
    messenger,
  };
}
