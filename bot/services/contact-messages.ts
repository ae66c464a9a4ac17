import type { MessageKind, Visit } from '../domain/model';
import type { ContactAddress, ContactMessage, ResidentMessage } from '../domain/messages';
import { breakWords, cancelledWords, noShowWords, notReachedWords, reinstatedWords } from './not-reached-message';
import { DialIn, joiningTextMessage, joiningTips } from '../domain/joining-advice';
import { describeWindow } from '../domain/wait-window';
import { formatTime } from '../domain/time-format';

/** Notify refuses longer texts. */
export const TEXT_MESSAGE_LIMIT = 918;

interface Words {
  subject: string;
  body: string;
}

const paragraphs = (...lines: (string | false)[]) => lines.filter((line): line is string => line !== false).join('\n\n');

function joiningEmail(dialIn: DialIn | undefined): string {
  return [
    'How you will join the meeting:',
    ...joiningTips(dialIn).map((tip) => `- ${tip.text}${tip.link ? ` ${tip.link.text}: ${tip.link.url}` : ''}`),
  ].join('\n');
}

/** A text keeps to Notify's limit by shortening the councillor's words, never the reference or links around them. */
function textWithin(before: string, words: string, after: string): string {
  const room = TEXT_MESSAGE_LIMIT - before.length - after.length;
  return `${before}${words.length <= room ? words : `${words.slice(0, room - 1).trimEnd()}…`}${after}`;
}

/**
 * The email or text for news a resident should not miss, or undefined for what stays in chat. Texts are
 * one short paragraph that says who they are from; emails have a subject and room to explain.
 */
export function contactWords(message: ResidentMessage, to: ContactAddress['kind']): Words | undefined {
  const text = to === 'mobile';
  switch (message.kind) {
    case 'getting_close': {
      const subject = `It is nearly your turn at the ${message.ward} ward surgery`;
      if (text)
        return {
          subject,
          body: `Surgery Queue: it is nearly your turn at ${message.ward} ward surgery. Join: ${message.joinUrl}. Your lobby tag is ${message.lobbyTag}. ${joiningTextMessage(message.dialIn)}`,
        };
      return {
        subject,
        body: paragraphs(
          `It is nearly your turn at the ${message.ward} ward surgery. A councillor should call you in about ${message.withinMinutes} minutes. Please get ready and join the meeting soon.`,
          `Join the meeting: ${message.joinUrl}`,
          `When Teams asks for your name, type: ${message.lobbyTag}\nThis is your lobby tag. It tells the councillor it is you.`,
          joiningEmail(message.dialIn),
          message.statusUrl !== undefined && `See your place in the queue: ${message.statusUrl}`,
        ),
      };
    }
    case 'may_not_be_reached': {
      const subject = `We will probably not reach you at the ${message.ward} ward surgery`;
      const estimate = describeWindow(message.estimate);
      const end = formatTime(message.surgeryEndsAt);
      if (text)
        return {
          subject,
          body: `Surgery Queue: ${message.ward} ward surgery ends at ${end} and will probably end before your turn (${estimate}). You can keep waiting, or book a time at the next surgery: ${message.nextUrl}`,
        };
      return {
        subject,
        body: paragraphs(
          `The ${message.ward} ward surgery ends at ${end}. Our best estimate for your turn is ${estimate}, so the councillors will probably not reach you before it ends. We are telling you now so you can choose what to do.`,
          `You can keep waiting: you keep your place (${message.lobbyTag}), in case the queue moves faster. We will tell you as soon as we know more.`,
          `Or book a time at the next surgery: ${message.nextUrl}`,
        ),
      };
    }
    case 'called': {
      const subject = `It is your turn at the ${message.ward} ward surgery`;
      if (text)
        return {
          subject,
          body: `Surgery Queue: it is your turn at ${message.ward} ward surgery. Join now: ${message.joinUrl}. Your lobby tag is ${message.lobbyTag}. ${joiningTextMessage(message.dialIn)}`,
        };
      return {
        subject,
        body: paragraphs(
          `It is your turn at the ${message.ward} ward surgery. Please join the meeting now and wait in the lobby. A councillor will let you in within about ${message.admitWithinMinutes} minutes.`,
          `Join the meeting: ${message.joinUrl}`,
          `When Teams asks for your name, type: ${message.lobbyTag}\nThis is your lobby tag. It tells the councillor it is you.`,
          joiningEmail(message.dialIn),
        ),
      };
    }
    case 'no_show': {
      const subject = `We missed you at the ${message.ward} ward surgery`;
      const words = noShowWords(message);
      return { subject, body: text ? `Surgery Queue: ${words}` : words };
    }
    case 'not_reached': {
      const subject = `Sorry we did not reach you at the ${message.ward} ward surgery`;
      const words = notReachedWords(message);
      return { subject, body: text ? `Surgery Queue: ${words}` : paragraphs(words, `Your lobby tag was ${message.lobbyTag}.`) };
    }
    case 'surgery_cancelled': {
      const subject = `The ${message.ward} ward surgery has been cancelled`;
      const words = cancelledWords(message);
      return { subject, body: text ? `Surgery Queue: ${words}` : words };
    }
    case 'surgery_break': {
      const subject = message.until
        ? `A short break at the ${message.ward} ward surgery`
        : `The ${message.ward} ward surgery has started again`;
      const words = breakWords(message);
      return {
        subject,
        body: text
          ? `Surgery Queue: ${words}`
          : paragraphs(words, message.statusUrl !== undefined && `See your place in the queue: ${message.statusUrl}`),
      };
    }
    case 'reinstated': {
      const subject = `You are back in the queue at the ${message.ward} ward surgery`;
      const words = reinstatedWords(message);
      return {
        subject,
        body: text
          ? `Surgery Queue: ${words}`
          : paragraphs(words, message.statusUrl !== undefined && `See your place in the queue: ${message.statusUrl}`),
      };
    }
    case 'case_update': {
      const closed = message.closesCase ? 'Your councillor has now closed this case.' : undefined;
      const subject = `Update on your case ${message.caseReference}`;
      if (text) {
        return {
          subject,
          body: textWithin(
            `Surgery Queue: update on your case ${message.caseReference} from your ${message.ward} ward councillor: `,
            message.text,
            closed ? ` ${closed}` : '',
          ),
        };
      }
      return {
        subject,
        body: paragraphs(
          `Your ${message.ward} ward councillor has an update on your case ${message.caseReference}:`,
          message.text,
          closed ?? false,
          `Quote ${message.caseReference} if you contact the council about this.`,
        ),
      };
    }
    default:
      return undefined;
  }
}

/**
 * The email or text copy of a message to a resident who gave a mobile or email, or undefined when there is
 * none. For a resident with no chat it is the only copy: it takes the message's id, and its delivery is
 * what the visit records. Otherwise it goes as well as the chat message, which is the one recorded.
 */
export function contactCopy(visit: Visit, id: string, record: MessageKind, message: ResidentMessage): ContactMessage | undefined {
  const words = visit.contact && contactWords(message, visit.contact.kind);
  if (!visit.contact || !words) return undefined;
  return {
    id: visit.chatKey ? `contact-${id}` : id,
    to: visit.contact,
    surgeryId: visit.surgeryId,
    visitId: visit.id,
    ...(visit.chatKey ? {} : { record }),
    ...words,
  };
}

/**
 * A change to the surgery moved a waiting resident's turn a lot: told by email or text, since a resident who
 * stepped away is not watching their chat, whose place card shows the new window anyway.
 */
export function estimateMovedCopy(
  visit: Visit,
  ward: string,
  moved: { earliest: string; latest: string; sooner: boolean },
  id: string,
  statusUrl: string | undefined,
): ContactMessage | undefined {
  if (!visit.contact) return undefined;
  const window = describeWindow(moved);
  const news = moved.sooner
    ? `your turn may come sooner than we said: we now expect to call you ${window}. Please be ready`
    : `your turn will come later than we said: we now expect to call you ${window}`;
  const subject = `Your time at the ${ward} ward surgery has changed`;
  const body =
    visit.contact.kind === 'mobile'
      ? `Surgery Queue: the councillors changed the ${ward} ward surgery, and ${news}.${statusUrl ? ` Your place: ${statusUrl}` : ''}`
      : paragraphs(
          `The councillors changed the ${ward} ward surgery, and ${news}.`,
          `You are still in the queue, and your lobby tag is still ${visit.lobbyTag}. We will tell you when it is nearly your turn.`,
          statusUrl !== undefined && `See your place in the queue: ${statusUrl}`,
        );
  return {
    id: visit.chatKey ? `contact-${id}` : id,
    to: visit.contact,
    surgeryId: visit.surgeryId,
    visitId: visit.id,
    ...(visit.chatKey ? {} : { record: 'alert' as const }),
    subject,
    body,
  };
}
