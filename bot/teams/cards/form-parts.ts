import { PrivacyNotice, SENSITIVE_DETAILS_WARNING, privacyNoticeText } from '../../domain/privacy-notice';
import { FieldProblem } from '../../domain/refusal';
import { AdaptiveCard, CardElement, FORGET_ME, card, escapeMarkdown, paragraph, rememberParts, submit } from './card-parts';

/** The parts the check-in and booking forms share: their text fields, the privacy notice and the problems. */

export interface FieldSpec {
  id: string;
  label: string;
  maxLength: number;
  required?: boolean;
  multiline?: boolean;
  placeholder?: string;
}

/** What to fix in one field, said just above it. */
export function problemLine(problem: FieldProblem | undefined): CardElement[] {
  return problem ? [paragraph(escapeMarkdown(problem.message), { color: 'Attention', weight: 'Bolder', spacing: 'Medium' })] : [];
}

/** A text field with what the resident typed, and what to fix in it. */
function textField(spec: FieldSpec, value: string | undefined, problem: FieldProblem | undefined): CardElement[] {
  return [
    ...problemLine(problem),
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

/** Before the inputs: residents read who keeps their details before they type any. */
export function privacyPanel(privacy: PrivacyNotice): CardElement {
  return {
    type: 'Container',
    style: 'emphasis',
    items: [
      paragraph('Your details', { weight: 'Bolder' }),
      paragraph(escapeMarkdown(privacyNoticeText(privacy))),
      paragraph(SENSITIVE_DETAILS_WARNING),
    ],
  };
}

/** Every problem at the top of the form, so the resident can fix them all at once. */
export function problemSummary(problems: FieldProblem[]): CardElement[] {
  if (problems.length === 0) return [];
  return [
    {
      type: 'Container',
      style: 'attention',
      items: [paragraph('There is a problem', { weight: 'Bolder' }), ...problems.map((p) => paragraph(`- ${escapeMarkdown(p.message)}`))],
    },
  ];
}

/**
 * What the check-in and booking forms end with: their text fields as the resident left them, "remember my
 * details", the form's own button and, for a resident who is remembered, "forget me".
 */
export function formWithFields(
  body: CardElement[],
  form: { fields: FieldSpec[]; values: Record<string, string>; problems: FieldProblem[]; remembered: boolean },
  primary: CardElement,
): AdaptiveCard {
  const { fields, values, problems, remembered } = form;
  const inputs = fields.flatMap((spec) =>
    textField(
      spec,
      values[spec.id],
      problems.find((p) => p.field === spec.id),
    ),
  );
  return card(
    [...body, ...inputs, ...rememberParts(remembered, values.remember)],
    [primary, ...(remembered ? [submit(FORGET_ME.title, FORGET_ME.data)] : [])],
  );
}
