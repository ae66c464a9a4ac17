// No 0/O, 1/I/L or 5/S: a reference read out over the phone or copied by hand stays right.
const REFERENCE_ALPHABET = '2346789ABCDEFGHJKMNPQRTUVWXYZ';
const REFERENCE_LENGTH = 4;

/**
 * A short, readable case reference like "SQ-7K4M", made from a random seed (an id). It is unique within
 * the surgery: if the four characters are taken there, it grows by a character until it is not.
 */
export function caseReference(seed: string, taken: ReadonlySet<string>): string {
  const characters = Array.from(seed, (c) => REFERENCE_ALPHABET[c.charCodeAt(0) % REFERENCE_ALPHABET.length]!);
  for (let length = REFERENCE_LENGTH; length <= characters.length; length++) {
    const reference = `SQ-${characters.slice(0, length).join('')}`;
    if (!taken.has(reference)) return reference;
  }
  for (let n = 2; ; n++) {
    const reference = `SQ-${characters.join('')}-${n}`;
    if (!taken.has(reference)) return reference;
  }
}
