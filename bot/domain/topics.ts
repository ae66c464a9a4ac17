import { DEFAULT_TOPICS, type TopicChoice } from '../api-types';
import type { Visit } from './model';

// Enough to choose from at a glance in a drop-down, and short enough to read in one.
const MOST_TOPICS = 30;
const LONGEST_WORDS = 60;

export type TopicsFile = { ok: true; topics: TopicChoice[] } | { ok: false; problems: string[] };

/**
 * The council's topics from TOPICS_FILE: one per line, in the order the tab offers them; blank lines and
 * lines starting with "#" are skipped. A topic's key is made from its words ("Street lighting" is
 * street_lighting), so the same words keep counting together from year to year.
 */
export function parseTopicsFile(text: string): TopicsFile {
  const problems: string[] = [];
  const topics: TopicChoice[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const words = line.trim().replace(/\s+/g, ' ');
    if (words === '' || words.startsWith('#')) continue;
    const where = `line ${index + 1}`;
    const key = keyOf(words);
    // eslint-disable-next-line no-control-regex -- control characters are what is refused
    if (/[\u0000-\u001f\u007f<>]/.test(words)) problems.push(`${where}: use letters, numbers and ordinary punctuation only.`);
    else if (words.length > LONGEST_WORDS) problems.push(`${where}: keep a topic to ${LONGEST_WORDS} characters or fewer.`);
    else if (key === '') problems.push(`${where}: a topic needs at least one letter or number.`);
    else if (topics.some((topic) => topic.key === key)) problems.push(`${where}: "${words}" is on the list already.`);
    else topics.push({ key, words });
  }
  if (topics.length < 2 && problems.length === 0) problems.push('List at least two topics, one per line.');
  if (topics.length > MOST_TOPICS) problems.push(`List at most ${MOST_TOPICS} topics: the tab offers them in one drop-down.`);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, topics };
}

/** "Council tax & benefits" -> "council_tax_benefits" */
function keyOf(words: string): string {
  return words
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** What a seen visit was about, in words: as recorded, or for a visit recorded before words were kept, from the first list. */
export function topicWordsOf(visit: Pick<Visit, 'topic' | 'topicWords'>): string | undefined {
  if (visit.topic === undefined) return undefined;
  return visit.topicWords ?? EARLIER_WORDS[visit.topic] ?? DEFAULT_TOPICS.find((topic) => topic.key === visit.topic)?.words ?? visit.topic;
}

// The first list's words, for visits recorded with them.
const EARLIER_WORDS: Record<string, string> = {
  housing: 'Housing',
  waste: 'Waste and recycling',
  council_tax: 'Council tax',
  anti_social_behaviour: 'Anti-social behaviour',
};
