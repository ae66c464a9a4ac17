/**
 * The topics and quick replies the server accepts (bot/domain/consultation.ts and councillor-message.ts),
 * in the tab's words. The tab shares only API types with bot/, so the keys are repeated here; the server
 * refuses any key it does not know.
 */
export const TOPIC_OPTIONS: readonly { key: string; words: string }[] = [
  { key: 'housing', words: 'Housing' },
  { key: 'parking', words: 'Parking' },
  { key: 'waste', words: 'Waste and recycling' },
  { key: 'planning', words: 'Planning' },
  { key: 'council_tax', words: 'Council tax' },
  { key: 'anti_social_behaviour', words: 'Anti-social behaviour' },
  { key: 'other', words: 'Something else' },
];

export const topicWords = (key: string): string => TOPIC_OPTIONS.find((t) => t.key === key)?.words ?? key;

export const QUICK_REPLY_OPTIONS: readonly { key: string; words: string }[] = [
  { key: 'still_with_someone', words: 'Still with someone — I won’t be long' },
  { key: 'join_lobby_now', words: 'Please join the lobby now' },
  { key: 'running_late', words: 'I’m running about 10 minutes late' },
];

export const MAX_MESSAGE_LENGTH = 500;
