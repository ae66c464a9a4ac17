import { createContext } from 'react';
import { DEFAULT_TOPICS, QUICK_REPLIES, QuickReply, type TopicChoice } from '../../bot/api-types';

/** The council's topics, as the server lists them in /api/info, in the order the tab offers them. */
export const TopicsContext = createContext<readonly TopicChoice[]>(DEFAULT_TOPICS);

/** The quick replies the server accepts, in the order the tab offers them. */
export const QUICK_REPLY_OPTIONS: readonly { key: QuickReply; words: string }[] = (Object.keys(QUICK_REPLIES) as QuickReply[]).map(
  (key) => ({
    key,
    words: QUICK_REPLIES[key],
  }),
);
