import type { SurgerySummary } from '../../api-types';
import { LIMITS } from '../../domain/check-in';
import { PrivacyNotice } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { formatDay, formatTime } from '../../domain/time-format';
import { AdaptiveCard, CardElement, escapeMarkdown, heading, paragraph, submit } from './card-parts';
import { FieldSpec, formWithFields, problemSummary, privacyPanel } from './form-parts';

export interface CheckInCardModel {
  surgery: SurgerySummary;
  privacy: PrivacyNotice;
  values?: Record<string, string>;
  problems?: FieldProblem[];
  remembered?: boolean;
  chatVersion?: string;
}

const FIELDS: FieldSpec[] = [
  { id: 'name', label: 'Your name', maxLength: LIMITS.name, required: true },
  { id: 'postcode', label: 'Your postcode', maxLength: 10, required: true, placeholder: 'For example, SW1A 1AA' },
  { id: 'issue', label: 'What would you like to talk about?', maxLength: LIMITS.issue, required: true, multiline: true },
  { id: 'contact', label: 'Mobile number or email for alerts (optional)', maxLength: LIMITS.contact },
  {
    id: 'accessNeeds',
    label: 'Anything that would help you take part, like a BSL interpreter (optional)',
    maxLength: LIMITS.accessNeeds,
    multiline: true,
  },
];

export function surgeryTimes(surgery: SurgerySummary): string {
  return `${formatDay(surgery.startsAt)}, ${formatTime(surgery.startsAt)} to ${formatTime(surgery.endsAt)}`;
}

/** The check-in form; shown again with what the resident typed and what to fix when something was wrong. */
export function checkInCard({
  surgery,
  privacy,
  values = {},
  problems = [],
  remembered = false,
  chatVersion,
}: CheckInCardModel): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Check in for the ${escapeMarkdown(surgery.ward)} surgery`),
    paragraph(`${surgeryTimes(surgery)}. With ${escapeMarkdown(surgery.councillors.join(', '))}.`),
    privacyPanel(privacy),
    ...problemSummary(problems),
  ];
  return formWithFields(
    body,
    { fields: FIELDS, values, problems, remembered },
    submit('Check in', { action: 'check_in', surgeryId: surgery.id, ...(chatVersion !== undefined ? { chatVersion } : {}) }, 'positive'),
  );
}
