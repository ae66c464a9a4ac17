import { ChatRepository, ChatVisit, ResidentChat } from '../storage/ports';

export type Remembered = NonNullable<ResidentChat['remembered']>;

/** The resident's choice on a form: remember these, forget what was remembered, or (no answer) leave it. */
export type RememberChoice = Remembered | 'forget' | undefined;

/** The form's "remember me" toggle, as the resident left it, for the details they gave. */
export function rememberChoice(value: Record<string, unknown>, details: { name: string; postcode: string }, now: Date): RememberChoice {
  if (value.remember === 'true') return { name: details.name, postcode: details.postcode, at: now.toISOString() };
  if (value.remember === 'false') return 'forget';
  return undefined;
}

/**
 * "Don't ask twice": a resident who agreed is offered their name and postcode again in the same chat.
 * Remembering is opt-in, and what is remembered is kept for the retention period from its last use.
 */
export class RememberedDetails {
  constructor(private readonly deps: { chats: ChatRepository; clock: () => Date; retentionDays: number }) {}

  async recall(chatKey: string): Promise<Remembered | undefined> {
    return this.recallFrom(await this.deps.chats.get(chatKey));
  }

  /** What a chat the caller has just read remembers (none for a chat not kept). */
  async recallFrom(chat: ResidentChat | undefined): Promise<Remembered | undefined> {
    const remembered = chat?.remembered;
    if (!chat || !remembered) return undefined;
    const expires = new Date(remembered.at).getTime() + this.deps.retentionDays * 86_400_000;
    if (expires > this.deps.clock().getTime()) return remembered;
    const { remembered: _expired, ...rest } = chat;
    await this.deps.chats.put(rest);
    return undefined;
  }

  /**
   * Saves how to reach the chat (before a visit or booking that may need it), with the remembered
   * details as the resident chose, and the visit it is about to check in with (else the one it had).
   * A new reference starts a new place card, so the old card's id goes. `read`: the chat as the caller just
   * read it, which saves reading it again.
   */
  async saveChat(
    chatKey: string,
    reference: unknown,
    choice: RememberChoice,
    visit?: ChatVisit,
    read?: { chat: ResidentChat | undefined },
  ): Promise<void> {
    const before = choice === undefined || visit === undefined ? (read ? read.chat : await this.deps.chats.get(chatKey)) : undefined;
    const kept = choice === undefined ? before?.remembered : choice === 'forget' ? undefined : choice;
    await this.deps.chats.put({
      chatKey,
      reference,
      updatedAt: this.deps.clock().toISOString(),
      visit: visit ?? before?.visit ?? null,
      ...(kept ? { remembered: kept } : {}),
    });
  }

  /**
   * saveChat for a chat the caller has not read: only if it is still at `version` (undefined: none was kept).
   * Says whether it saved. It saves nothing when the chat changed since, or when it may remember details that
   * the resident made no choice about, since those must be read to be kept.
   */
  async saveChatIfUnchanged(
    chatKey: string,
    reference: unknown,
    choice: RememberChoice,
    visit: ChatVisit,
    version: string | undefined,
  ): Promise<boolean> {
    if (choice === undefined && version !== undefined) return false;
    const kept = choice === 'forget' ? undefined : choice;
    const chat = { chatKey, reference, updatedAt: this.deps.clock().toISOString(), visit, ...(kept ? { remembered: kept } : {}) };
    return this.deps.chats.putIfUnchanged(chat, version);
  }

  async forget(chatKey: string): Promise<void> {
    const chat = await this.deps.chats.get(chatKey);
    if (!chat?.remembered) return;
    const { remembered: _forgotten, ...rest } = chat;
    await this.deps.chats.put({ ...rest, updatedAt: this.deps.clock().toISOString() });
  }
}
