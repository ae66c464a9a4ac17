import type { SurgerySummary } from '../../api-types';
import { LIMITS } from '../../domain/check-in';
import { PrivacyNotice } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { formatDay, formatTime } from '../../domain/time-format';
import { AdaptiveCard, CardElement, escapeMarkdown, heading, paragraph, submit } from './card-parts';
import { FieldSpec, formWithFields, problemLine, problemSummary, privacyPanel } from './form-parts';

export type CheckInCardModel = {
  privacy: PrivacyNotice;
  values?: Record<string, string>;
  problems?: FieldProblem[];
  remembered?: boolean;
  chatVersion?: string;
  byAppointment?: string[];
} & ({ surgery: SurgerySummary; choices?: never } | { surgery?: never; choices: SurgerySummary[] });

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

// A few surgeries read best as a list to pick from; many, as a drop-down.
const MOST_LISTED = 6;

/** "The Abbey surgery sees…", "The Abbey and Priory surgeries see…", "The Abbey, Priory and Vale surgeries see…". */
function byAppointmentLine(wards: string[]): CardElement[] {
  if (wards.length === 0) return [];
  const names = wards.map(escapeMarkdown);
  const listed = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const which = names.length === 1 ? `The ${listed} surgery sees` : `The ${listed} surgeries see`;
  return [paragraph(`${which} residents by appointment. If you have booked, send me your booking reference instead, like SQ-7KM4-Q2XD.`)];
}

/** Which open surgery: asked in the form itself when several take drop-ins. */
function surgeryChoice(choices: SurgerySummary[], values: Record<string, string>, problems: FieldProblem[]): CardElement[] {
  const problem = problems.find((p) => p.field === 'surgeryId');
  const chosen = values.surgeryId !== undefined && choices.some((s) => s.id === values.surgeryId) ? { value: values.surgeryId } : {};
  return [
    ...problemLine(problem),
    {
      type: 'Input.ChoiceSet',
      id: 'surgeryId',
      label: 'Which surgery are you here for?',
      style: choices.length > MOST_LISTED ? 'compact' : 'expanded',
      isRequired: true,
      errorMessage: problem?.message ?? 'Choose the surgery you are here for.',
      choices: choices.map((s) => ({ title: `${s.ward}: ${surgeryTimes(s)}`, value: s.id })),
      ...chosen,
    },
  ];
}

/**
 * The check-in form; shown again with what the resident typed and what to fix when something was wrong. With
 * several surgeries open it starts by asking which: the choice is the form's first field.
 */
export function checkInCard({
  surgery,
  choices,
  privacy,
  values = {},
  problems = [],
  remembered = false,
  chatVersion,
  byAppointment = [],
}: CheckInCardModel): AdaptiveCard {
  const version = chatVersion !== undefined ? { chatVersion } : {};
  if (choices) {
    const body: CardElement[] = [
      heading('Check in for a surgery'),
      paragraph(`${choices.length} surgeries are open now. Choose yours, then tell us about you.`),
      ...byAppointmentLine(byAppointment),
      privacyPanel(privacy),
      ...problemSummary(problems),
      ...surgeryChoice(choices, values, problems),
    ];
    return formWithFields(
      body,
      { fields: FIELDS, values, problems, remembered },
      submit('Check in', { action: 'check_in', ...version }, 'positive'),
    );
  }
  const body: CardElement[] = [
    heading(`Check in for the ${escapeMarkdown(surgery.ward)} surgery`),
    paragraph(`${surgeryTimes(surgery)}. With ${escapeMarkdown(surgery.councillors.join(', '))}.`),
    ...byAppointmentLine(byAppointment),
    privacyPanel(privacy),
    ...problemSummary(problems),
  ];
  return formWithFields(
    body,
    { fields: FIELDS, values, problems, remembered },
    submit('Check in', { action: 'check_in', surgeryId: surgery.id, ...version }, 'positive'),
  );
}
