import type { SurgerySummary } from '../../api-types';
import { LIMITS } from '../../domain/check-in';
import { PrivacyNotice } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { formatDay, formatTime } from '../../domain/time-format';
import type { BookableSlot } from '../../domain/messages';
import { AdaptiveCard, CardElement, escapeMarkdown, heading, paragraph, submit } from './card-parts';
import { FieldSpec, formWithFields, problemLine, problemSummary, privacyPanel } from './form-parts';
import { surgeryTimes } from './check-in-card';

export interface BookingFormCardModel {
  surgery: SurgerySummary;
  slots: BookableSlot[];
  privacy: PrivacyNotice;
  values?: Record<string, string>;
  problems?: FieldProblem[];
  note?: string;
  remembered?: boolean;
}

const FIELDS: FieldSpec[] = [
  { id: 'name', label: 'Your name', maxLength: LIMITS.name, required: true },
  { id: 'address', label: 'First line of your address', maxLength: 120, required: true, placeholder: 'For example, 12 High Street' },
  { id: 'postcode', label: 'Your postcode', maxLength: 10, required: true, placeholder: 'For example, SW1A 1AA' },
  { id: 'issue', label: 'What would you like to talk about?', maxLength: LIMITS.issue, required: true, multiline: true },
  { id: 'contact', label: 'Email or mobile number for your confirmation', maxLength: LIMITS.contact, required: true },
  {
    id: 'accessNeeds',
    label: 'Anything that would help you take part, like a BSL interpreter (optional)',
    maxLength: LIMITS.accessNeeds,
    multiline: true,
  },
];

/** "Tuesday 24 November, 2:20pm": the day as well, since a resident may book a surgery weeks ahead. */
export function slotTitle(startsAt: string): string {
  return `${formatDay(startsAt)}, ${formatTime(startsAt)}`;
}

/** The booking form: a free time, then the same details as check-in plus address and a contact for the confirmation. */
export function bookingFormCard({
  surgery,
  slots,
  privacy,
  values = {},
  problems = [],
  note,
  remembered = false,
}: BookingFormCardModel): AdaptiveCard {
  const chosen = values.slot !== undefined && slots.some((s) => String(s.index) === values.slot) ? { value: values.slot } : {};
  const body: CardElement[] = [
    heading(`Book a time at the ${escapeMarkdown(surgery.ward)} surgery`),
    ...(note ? [paragraph(escapeMarkdown(note))] : []),
    paragraph(`${surgeryTimes(surgery)}, online in Microsoft Teams. With ${escapeMarkdown(surgery.councillors.join(', '))}.`),
    privacyPanel(privacy),
    ...problemSummary(problems),
  ];
  body.push(...problemLine(problems.find((p) => p.field === 'slot')), {
    type: 'Input.ChoiceSet',
    id: 'slot',
    label: 'Choose a time',
    style: 'compact',
    isRequired: true,
    errorMessage: 'Choose a time.',
    choices: slots.map((s) => ({ title: slotTitle(s.startsAt), value: String(s.index) })),
    ...chosen,
  });
  return formWithFields(
    body,
    { fields: FIELDS, values, problems, remembered },
    submit('Book this time', { action: 'book', surgeryId: surgery.id }, 'positive'),
  );
}
