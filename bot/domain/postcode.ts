// Outward code (area, district, optional sub-district) and inward code (sector digit, unit letters),
// letters restricted as Royal Mail allocates them; GIR 0AA is the one historic exception.
const UK_POSTCODE = /^(GIR ?0AA|[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?) ?[0-9][ABD-HJLNP-UW-Z]{2})$/;

/** Returns the postcode in its standard form ("SW1A 1AA"), or undefined when it is not a UK postcode. */
export function normalisePostcode(input: string): string | undefined {
  const compact = input.replace(/\s+/g, '').toUpperCase();
  if (!UK_POSTCODE.test(compact)) return undefined;
  return `${compact.slice(0, -3)} ${compact.slice(-3)}`;
}
