import { ActivityHandler, InvokeResponse, TurnContext } from 'botbuilder';
import { chatKeyOf } from '../services/chat-keys';
import { ResidentConversation } from '../services/resident-conversation';
import { ResidentTurn } from '../services/resident-messages';
import { botChannel, isDirectLine, updatesInPlace } from '../domain/channel';
import { renderMessage } from './render-message';

// Longer than any activity id a channel gives: a longer one is no card of ours.
const MAX_ACTIVITY_ID_LENGTH = 200;

function residentTurn(context: TurnContext): ResidentTurn | undefined {
  const { activity } = context;
  if (typeof activity.channelId !== 'string' || typeof activity.conversation?.id !== 'string' || activity.conversation.id === '')
    return undefined;
  const channel = botChannel(activity.channelId);
  const { replyToId } = activity;
  // A card named where the channel cannot change it (Direct Line) is no card the bot could update.
  const pressed =
    updatesInPlace(channel) && typeof replyToId === 'string' && replyToId !== '' && replyToId.length <= MAX_ACTIVITY_ID_LENGTH
      ? replyToId
      : undefined;
  return {
    chatKey: chatKeyOf(activity.channelId, activity.conversation.id),
    channel,
    reference: TurnContext.getConversationReference(activity),
    ...(typeof activity.text === 'string' ? { text: activity.text.slice(0, 2000) } : {}),
    ...(activity.value !== undefined ? { value: activity.value } : {}),
    ...(pressed ? { pressed } : {}),
    shared: activity.conversation.conversationType === 'groupChat' || activity.conversation.conversationType === 'channel',
  };
}

/** Bot Framework's side of the resident conversation: turns activities into turns and replies into activities. */
export class ResidentBot extends ActivityHandler {
  constructor(private readonly conversation: ResidentConversation) {
    super();
    this.onMessage(async (context, next) => {
      await this.respond(context);
      await next();
    });
    this.onMembersAdded(async (context, next) => {
      const botId = context.activity.recipient?.id;
      const someoneElseJoined = (context.activity.membersAdded ?? []).some((member) => member.id !== botId);
      // Direct Line adds the resident just before their first activity, and on our surgery page that is the page's
      // own request for the surgery's form (tab/static/resident-web-chat.js): answering both sent the form twice.
      const pageStartsTheChat = isDirectLine(botChannel(context.activity.channelId));
      if (someoneElseJoined && !pageStartsTheChat && context.activity.conversation?.conversationType !== 'groupChat')
        await this.respond(context);
      await next();
    });
  }

  /**
   * Our cards only use Action.Submit, which arrives as a message, so no invoke (Action.Execute, task
   * modules, sign-in) is ours to answer. Refused as a client error: the SDK's default is 501.
   */
  protected override async onInvokeActivity(): Promise<InvokeResponse> {
    return { status: 400, body: { code: 'ACTIVITY.UNSUPPORTED', message: 'This bot does not take that kind of request.' } };
  }

  private async respond(context: TurnContext): Promise<void> {
    const turn = residentTurn(context);
    if (!turn) return;
    // The outbox sends nothing newer to this chat before a card this turn kept as shown has gone.
    await this.conversation.turnSends.during(turn.chatKey, () => this.answer(context, turn));
  }

  private async answer(context: TurnContext, turn: ResidentTurn): Promise<void> {
    // Once one reply has gone to the outbox, the rest that can follow it, so the resident reads them in order.
    let throughOutbox = false;
    for (const message of await this.conversation.handle(turn)) {
      // Teams names the card whose button was pressed; Web Chat does not, and there its card stays as it was.
      if (message.kind === 'feedback_thanks' && message.answered && turn.pressed)
        await context.updateActivity({ ...renderMessage(message.answered), id: turn.pressed });
      if (throughOutbox && (await this.conversation.replyNotDelivered(turn, message))) continue;
      const replacing = message.kind === 'place' ? message.replacing : undefined;
      const kept = message.kind === 'place' && message.kept === true;
      let sent;
      try {
        // A message that replaces another was kept as shown there when its change was saved.
        if (replacing) await context.updateActivity({ ...renderMessage(message), id: replacing });
        else sent = await context.sendActivity(renderMessage(message));
      } catch (error) {
        if (!(await this.conversation.replyNotDelivered(turn, message))) throw error;
        throughOutbox = true;
        continue;
      }
      if (!kept) await this.conversation.cardSent(turn, sent?.id, message);
    }
  }
}
