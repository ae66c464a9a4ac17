import { readFile } from 'node:fs/promises';
import { DEFAULT_TOPICS, type TopicChoice } from '../api-types';
import { parseTopicsFile } from '../domain/topics';

/** The council's topics from TOPICS_FILE, or the default list without one. Throws, saying why, when the file is unusable. */
export async function loadTopics(file: string): Promise<readonly TopicChoice[]> {
  if (file === '') return DEFAULT_TOPICS;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`TOPICS_FILE ${file} cannot be read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  const parsed = parseTopicsFile(text);
  if (!parsed.ok) throw new Error(`TOPICS_FILE ${file} has problems: ${parsed.problems.join(' ')}`);
  return parsed.topics;
}
