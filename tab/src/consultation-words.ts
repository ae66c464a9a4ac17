import { QUICK_REPLIES, QuickReply, TOPICS, TOPIC_WORDS, Topic } from '../../bot/api-types';

/** The topics and quick replies the server accepts, in the order the tab offers them. */
export const TOPIC_OPTIONS: readonly { key: Topic; words: string }[] = TOPICS.map((key) => ({ key, words: TOPIC_WORDS[key] }));

/** A stored topic in words; a key the list no longer has is shown as it was stored. */
export const topicWords = (key: string): string => (Object.hasOwn(TOPIC_WORDS, key) ? TOPIC_WORDS[key as Topic] : key);

export const QUICK_REPLY_OPTIONS: readonly { key: QuickReply; words: string }[] = (Object.keys(QUICK_REPLIES) as QuickReply[]).map(
  (key) => ({
    key,
    words: QUICK_REPLIES[key],
  }),
);
