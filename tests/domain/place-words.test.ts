import { EXACT_PLACES, cardPlace, exactPlace, peopleAheadAtLeast } from '../../bot/domain/place-words';

describe('How a place is put into words', () => {
  it.each<[number, string]>([
    [1, '1st: you are next'],
    [2, '2nd'],
    [3, '3rd'],
    [10, '10th'],
    [11, 'At least 10 people are ahead of you'],
    [20, 'At least 10 people are ahead of you'],
    [21, 'At least 20 people are ahead of you'],
    [57, 'At least 50 people are ahead of you'],
    [200, 'At least 190 people are ahead of you'],
  ])('When a resident is at place %i, then their chat card says "%s"', (position, words) => {
    expect(cardPlace(position)).toBe(words);
  });

  it.each<[number, string]>([
    [1, '1st: you are next'],
    [11, '11th'],
    [12, '12th'],
    [13, '13th'],
    [21, '21st'],
    [57, '57th'],
    [112, '112th'],
    [122, '122nd'],
  ])('When a resident at place %i opens their status page, then it says "%s"', (position, words) => {
    expect(exactPlace(position)).toBe(words);
  });

  it('When residents stand anywhere in a queue of 200, then what the card says about those ahead is true', () => {
    for (let position = 1; position <= 200; position++) {
      const ahead = peopleAheadAtLeast(position);
      if (position <= EXACT_PLACES) expect(ahead).toBeUndefined();
      else expect(ahead).toBeLessThanOrEqual(position - 1);
    }
  });

  it('When the queue moves up one place at a time from 200, then a card far back changes once in ten moves and near the front at every move', () => {
    let changes = 0;
    for (let position = 199; position >= 1; position--) if (cardPlace(position) !== cardPlace(position + 1)) changes += 1;
    // From 200 to 11 the words change as each ten more have gone ahead (190 → 180 … 20 → 10: 18 times); from 11 to 10
    // the card starts giving the exact place, and every move after that changes it (10 more).
    expect(changes).toBe(18 + EXACT_PLACES);
  });
});
