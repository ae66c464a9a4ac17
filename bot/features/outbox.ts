import type { AgentOptions } from 'node:https';
import path from 'node:path';
import type { Config } from '../config';
import { graphAppToken } from '../server/auth/graph-app-token';
import { GraphInvitesSender } from '../services/graph-invites-sender';
import { LocalMailbox } from '../services/local-mailbox';
import { NotifyContactSender } from '../services/notify-contact-sender';
import { OutboxSender, OutboxSenderDeps } from '../services/outbox-sender';
import { teamsPacer } from '../services/pacer';
import type { Basics } from './basics';

/** Booked residents' invitations sent from the council's mailbox through Graph, as the tab's app registration. */
interface InvitesFrom {
  mailbox: string;
  /** The name the emails come from: the council's. */
  senderName: string;
  auth: Config['auth'];
  tenantId: string;
  entraAgent?: AgentOptions;
}

/**
 * Sends what residents are promised: chat messages through the bot, emails and texts through Notify (or files
 * on this machine without it), and booked residents' invitations from the council's mailbox when one is named.
 */
export function outboxFeature(
  settings: Config['outbox'],
  notify: Config['notify'],
  basics: Basics,
  needs: Pick<OutboxSenderDeps, 'messenger' | 'expand' | 'recordOutcome' | 'turnSends'> & { invitesFrom?: InvitesFrom },
): { sender: OutboxSender; residentEmailsAndTexts: string } {
  const { clock, scheduler, log, onError, storage } = basics;
  const timeoutMs = settings.sendTimeoutSeconds * 1000;
  const everyContact =
    notify.apiKey !== ''
      ? new NotifyContactSender({
          baseUrl: notify.baseUrl,
          apiKey: notify.apiKey,
          emailTemplateId: notify.emailTemplateId,
          smsTemplateId: notify.smsTemplateId,
          timeoutMs,
        })
      : new LocalMailbox({ directory: notify.localMailboxDir, log, clock });
  const invites = needs.invitesFrom;
  const contacts = invites
    ? new GraphInvitesSender({
        baseUrl: invites.auth.graphBaseUrl,
        mailbox: invites.mailbox,
        senderName: invites.senderName,
        appToken: graphAppToken({
          clientId: invites.auth.clientId,
          clientSecret: invites.auth.clientSecret,
          authorityHost: invites.auth.authorityHost,
          tenantId: invites.tenantId,
          ...(invites.entraAgent ? { agentOptions: invites.entraAgent } : {}),
        }),
        timeoutMs,
        others: everyContact,
      })
    : everyContact;
  const sender = new OutboxSender({
    outbox: storage.outbox,
    chats: storage.chats,
    messenger: needs.messenger,
    contacts,
    expand: needs.expand,
    recordOutcome: needs.recordOutcome,
    clock,
    random: Math.random,
    pacer: teamsPacer(settings.teamsSendsPerSecond),
    retry: { windowMs: settings.retryWindowMinutes * 60_000, baseDelayMs: settings.retryBaseMs, maxDelayMs: 60_000 },
    sendTimeoutMs: timeoutMs,
    leaseMs: settings.leaseSeconds * 1000,
    pollMs: settings.pollMs,
    scheduler,
    onError,
    ...(needs.turnSends ? { turnSends: needs.turnSends } : {}),
  });
  return { sender, residentEmailsAndTexts: notify.apiKey !== '' ? 'GOV.UK Notify' : path.resolve(notify.localMailboxDir) };
}
