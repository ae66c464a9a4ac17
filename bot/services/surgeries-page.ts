/** The public list of every ward's coming surgeries (bot/server/resident-pages.ts), where new dates appear as they are set. */
export const surgeriesPageUrl = (publicBaseUrl: string): string => `${publicBaseUrl}/surgeries`;
