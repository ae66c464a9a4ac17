import type { SurgerySummary } from '../../api-types';
import { LIMITS } from '../../domain/check-in';
import { PrivacyNotice, SENSITIVE_DETAILS_WARNING, privacyNoticeText } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { formatDay, formatTime } from '../../domain/time-format';
import { BookableSlot } from '../../services/resident-messages';
import { AdaptiveCard, CardElement, FORGET_ME, card, escapeMarkdown, heading, paragraph, rememberParts, submit } from './card-parts';
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

interface FieldSpec {
  id: string;
  label: string;
  maxLength: number;
  required?: boolean;
  multiline?: boolean;
  placeholder?: string;
}

const FIELDS: FieldSpec[] = [
  { id: 'name', label: 'Your name', maxLength: LIMITS.name, required: true },
  { id: 'address', label: 'First line of your address', maxLength: 120, required: true, placeholder: 'For example, 12 High Street' },
  { id: 'postcode', label: 'Your postcode', maxLength: 10, required: true, placeholder: 'For example, SW1A 1AA' },
  { id: 'issue', label: 'What would you like to talk about?', maxLength: LIMITS.issue, required: true, multiline: true },
  { id: 'contact', label: 'Email or mobile number for your confirmation', maxLength: LIMITS.contact, required: true },
  { id: 'accessNeeds', label: 'Anything that would help you take part, like a BSL interpreter (optional)', maxLength: LIMITS.accessNeeds, multiline: true },
];

function problemText(problem: FieldProblem | undefined): CardElement[] {
  return problem ? [paragraph(escapeMarkdown(problem.message), { color: 'Attention', weight: 'Bolder', spacing: 'Medium' })] : [];
}

function field(spec: FieldSpec, value: string | undefined, problem: FieldProblem | undefined): CardElement[] {
  return [
    ...problemText(problem),
    {
      type: 'Input.Text',
      id: spec.id,
      label: spec.label,
      maxLength: spec.maxLength,
      ...(spec.required ? { isRequired: true, errorMessage: problem?.message ?? `${spec.label} is needed.` } : {}),
      ...(spec.multiline ? { isMultiline: true } : {}),
      ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
      ...(value !== undefined ? { value } : {}),
    },
  ];
}

/** "Tuesday 24 November, 2:20pm": the day as well, since a resident may book a surgery weeks ahead. */
export function slotTitle(startsAt: string): string {
  return `${formatDay(startsAt)}, ${formatTime(startsAt)}`;
}

/** The booking form: a free time, then the same details as check-in plus address and a contact for the confirmation. */
export function bookingFormCard({ surgery, slots, privacy, values = {}, problems = [], note, remembered = false }: BookingFormCardModel): AdaptiveCard {
  const chosen = values.slot !== undefined && slots.some((s) => String(s.index) === values.slot) ? { value: values.slot } : {};
  const body: CardElement[] = [
    heading(`Book a time at the ${escapeMarkdown(surgery.ward)} surgery`),
    ...(note ? [paragraph(escapeMarkdown(note))] : []),
    paragraph(`${surgeryTimes(surgery)}, online in Microsoft Teams. With ${escapeMarkdown(surgery.councillors.join(', '))}.`),
    {
      type: 'Container',
      style: 'emphasis',
      items: [paragraph('Your details', { weight: 'Bolder' }), paragraph(escapeMarkdown(privacyNoticeText(privacy))), paragraph(SENSITIVE_DETAILS_WARNING)],
    },
  ];
  if (problems.length > 0) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [paragraph('There is a problem', { weight: 'Bolder' }), ...problems.map((p) => paragraph(`- ${escapeMarkdown(p.message)}`))],
    });
  }
  body.push(...problemText(problems.find((p) => p.field === 'slot')), {
    type: 'Input.ChoiceSet',
    id: 'slot',
    label: 'Choose a time',
    style: 'compact',
    isRequired: true,
    errorMessage: 'Choose a time.',
    choices: slots.map((s) => ({ title: slotTitle(s.startsAt), value: String(s.index) })),
    ...chosen,
  });
  for (const spec of FIELDS) body.push(...field(spec, values[spec.id], problems.find((p) => p.field === spec.id)));
  body.push(...rememberParts(remembered, values.remember));
  return card(body, [submit('Book this time', { action: 'book', surgeryId: surgery.id }, 'positive'), ...(remembered ? [submit(FORGET_ME.title, FORGET_ME.data)] : [])]);
}
