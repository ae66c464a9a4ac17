import type { SurgerySummary } from '../../api-types';
import { LIMITS } from '../../domain/check-in';
import { PrivacyNotice, SENSITIVE_DETAILS_WARNING, privacyNoticeText } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { formatDay, formatTime } from '../../domain/time-format';
import { AdaptiveCard, CardElement, FORGET_ME, card, escapeMarkdown, heading, paragraph, rememberParts, submit } from './card-parts';

export interface CheckInCardModel {
  surgery: SurgerySummary;
  privacy: PrivacyNotice;
  values?: Record<string, string>;
  problems?: FieldProblem[];
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
  { id: 'postcode', label: 'Your postcode', maxLength: 10, required: true, placeholder: 'For example, SW1A 1AA' },
  { id: 'issue', label: 'What would you like to talk about?', maxLength: LIMITS.issue, required: true, multiline: true },
  { id: 'contact', label: 'Mobile number or email for alerts (optional)', maxLength: LIMITS.contact },
  { id: 'accessNeeds', label: 'Anything that would help you take part, like a BSL interpreter (optional)', maxLength: LIMITS.accessNeeds, multiline: true },
];

export function surgeryTimes(surgery: SurgerySummary): string {
  return `${formatDay(surgery.startsAt)}, ${formatTime(surgery.startsAt)} to ${formatTime(surgery.endsAt)}`;
}

function field(spec: FieldSpec, value: string | undefined, problem: FieldProblem | undefined): CardElement[] {
  const input: CardElement = {
    type: 'Input.Text',
    id: spec.id,
    label: spec.label,
    maxLength: spec.maxLength,
    ...(spec.required ? { isRequired: true, errorMessage: problem?.message ?? `${spec.label} is needed.` } : {}),
    ...(spec.multiline ? { isMultiline: true } : {}),
    ...(spec.placeholder ? { placeholder: spec.placeholder } : {}),
    ...(value !== undefined ? { value } : {}),
  };
  return problem ? [paragraph(escapeMarkdown(problem.message), { color: 'Attention', weight: 'Bolder', spacing: 'Medium' }), input] : [input];
}

/** The check-in form; shown again with what the resident typed and what to fix when something was wrong. */
export function checkInCard({ surgery, privacy, values = {}, problems = [], remembered = false }: CheckInCardModel): AdaptiveCard {
  const body: CardElement[] = [
    heading(`Check in for the ${escapeMarkdown(surgery.ward)} surgery`),
    paragraph(`${surgeryTimes(surgery)}. With ${escapeMarkdown(surgery.councillors.join(', '))}.`),
    // Before the inputs: residents read who keeps their details before they type any.
    {
      type: 'Container',
      style: 'emphasis',
      items: [
        paragraph('Your details', { weight: 'Bolder' }),
        paragraph(escapeMarkdown(privacyNoticeText(privacy))),
        paragraph(SENSITIVE_DETAILS_WARNING),
      ],
    },
  ];
  if (problems.length > 0) {
    body.push({
      type: 'Container',
      style: 'attention',
      items: [paragraph('There is a problem', { weight: 'Bolder' }), ...problems.map((p) => paragraph(`- ${escapeMarkdown(p.message)}`))],
    });
  }
  for (const spec of FIELDS) body.push(...field(spec, values[spec.id], problems.find((p) => p.field === spec.id)));
  body.push(...rememberParts(remembered, values.remember));
  return card(body, [submit('Check in', { action: 'check_in', surgeryId: surgery.id }, 'positive'), ...(remembered ? [submit(FORGET_ME.title, FORGET_ME.data)] : [])]);
}
