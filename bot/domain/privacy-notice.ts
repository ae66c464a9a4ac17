import { OPEN_CASE_LIMIT_DAYS } from './anonymise';

/** What residents are told about their details before they check in; the council's settings fill it in. */
export interface PrivacyNotice {
  councilName: string;
  retentionDays: number;
}

/** Who holds the details, why, and for how long, in a resident's words. */
export function privacyNoticeText({ councilName, retentionDays }: PrivacyNotice): string {
  const holder = councilName.charAt(0).toUpperCase() + councilName.slice(1);
  const days = retentionDays === 1 ? '1 day' : `${retentionDays} days`;
  const limitDays = Math.max(retentionDays, OPEN_CASE_LIMIT_DAYS);
  const limit = limitDays === 365 ? 'a year' : `${limitDays} days`;
  return (
    `${holder} keeps what you tell us here so your councillor can talk to you and follow up your question. We keep it for ${days} after the surgery, then delete it. ` +
    `If your councillor is still following up your question, we keep it until ${days} after they finish, but no more than ${limit} after the surgery. ` +
    'For statistics we keep only counts that do not say who you are.'
  );
}

export const SENSITIVE_DETAILS_WARNING =
  'Your councillor will see what you write here. Please do not include details you would not want recorded, such as health or money matters.';
