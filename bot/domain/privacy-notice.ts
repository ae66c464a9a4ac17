/** What residents are told about their details before they check in; the council's settings fill it in. */
export interface PrivacyNotice {
  councilName: string;
  retentionDays: number;
}

/** Who holds the details, why, and for how long, in a resident's words. */
export function privacyNoticeText({ councilName, retentionDays }: PrivacyNotice): string {
  const holder = councilName.charAt(0).toUpperCase() + councilName.slice(1);
  const days = retentionDays === 1 ? '1 day' : `${retentionDays} days`;
  return `${holder} keeps what you tell us here so your councillor can talk to you and follow up your question. We keep it for ${days} after the surgery, then delete it.`;
}

export const SENSITIVE_DETAILS_WARNING = 'Your councillor will see what you write here. Please do not include details you would not want recorded, such as health or money matters.';
