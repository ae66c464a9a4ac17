import { parseTopicsFile, topicWordsOf } from '../../bot/domain/topics';

describe('parseTopicsFile', () => {
  it('When a council lists its topics one per line, then they are offered in that order, each with a key made from its words', () => {
    const parsed = parseTopicsFile('\uFEFF# Our topics\nTrees and parks\r\n\n  Council tax  &  benefits \nCafés\nSomething else\n');
    expect(parsed).toEqual({
      ok: true,
      topics: [
        { key: 'trees_and_parks', words: 'Trees and parks' },
        { key: 'council_tax_benefits', words: 'Council tax & benefits' },
        { key: 'cafes', words: 'Cafés' },
        { key: 'something_else', words: 'Something else' },
      ],
    });
  });

  it.each([
    ['no topics', '# nothing yet\n', 'List at least two topics, one per line.'],
    ['one topic', 'Parking\n', 'List at least two topics, one per line.'],
    [
      'the same topic twice, written differently',
      'Street lighting\nstreet-lighting\n',
      'line 2: "street-lighting" is on the list already.',
    ],
    ['a topic too long for the drop-down', `Parking\n${'x'.repeat(61)}\n`, 'line 2: keep a topic to 60 characters or fewer.'],
    ['markup', 'Parking\n<b>Roads</b>\n', 'line 2: use letters, numbers and ordinary punctuation only.'],
    ['punctuation alone', 'Parking\n---\n', 'line 2: a topic needs at least one letter or number.'],
    [
      '31 topics',
      Array.from({ length: 31 }, (_, i) => `Topic ${i}`).join('\n'),
      'List at most 30 topics: the tab offers them in one drop-down.',
    ],
  ])('When the file has %s, then it is refused, saying where', (_, text, problem) => {
    expect(parseTopicsFile(text)).toEqual({ ok: false, problems: [problem] });
  });
});

describe('topicWordsOf', () => {
  it('When a visit was recorded with its topic in words, then those words stay, whatever the list says now', () => {
    expect(topicWordsOf({ topic: 'trees', topicWords: 'Trees' })).toBe('Trees');
  });

  it('When a visit was recorded before words were kept, then its key reads as the list of the time said it', () => {
    expect(topicWordsOf({ topic: 'waste' })).toBe('Waste and recycling');
    expect(topicWordsOf({ topic: 'parking' })).toBe('Parking');
    expect(topicWordsOf({ topic: 'unheard_of' })).toBe('unheard_of');
    expect(topicWordsOf({})).toBeUndefined();
  });
});
