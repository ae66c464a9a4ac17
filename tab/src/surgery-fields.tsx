import { Field, Input } from '@fluentui/react-components';

/** A field's problem from the server, as Fluent shows it: linked to its input and announced. */
export type ProblemProps = { validationState?: 'error'; validationMessage?: string };

/** The fields the set-up and change forms share, keyed as the server names them in its problems. */
export type SharedField = 'startsAt' | 'endsAt' | 'joinUrl' | 'dialInNumber' | 'dialInConferenceId' | 'councillors';

export function problemPropsOf(problems: Partial<Record<string, string>>): (field: string) => ProblemProps {
  return (field) => (problems[field] ? { validationState: 'error', validationMessage: problems[field] } : {});
}

/** "Cllr Ada Khan, Cllr Ben Osei" as the list the server takes. */
export const names = (line: string): string[] =>
  line
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');

interface TimeFieldsProps {
  startsAt: string;
  endsAt: string;
  onStart: (value: string) => void;
  onEnd: (value: string) => void;
  problemProps: (field: SharedField) => ProblemProps;
}

export function TimeFields({ startsAt, endsAt, onStart, onEnd, problemProps }: TimeFieldsProps) {
  return (
    <>
      <Field label="Start (UK time)" required {...problemProps('startsAt')}>
        <Input type="datetime-local" value={startsAt} onChange={(_, data) => onStart(data.value)} />
      </Field>
      <Field label="End (UK time)" required {...problemProps('endsAt')}>
        <Input type="datetime-local" value={endsAt} onChange={(_, data) => onEnd(data.value)} />
      </Field>
    </>
  );
}

export interface JoinDetails {
  joinUrl: string;
  dialInNumber: string;
  dialInConferenceId: string;
}

interface JoinFieldsProps {
  join: JoinDetails;
  onChange: (join: JoinDetails) => void;
  problemProps: (field: SharedField) => ProblemProps;
}

/** The meeting's join link and its phone line, as the meeting invitation gives them. */
export function JoinFields({ join, onChange, problemProps }: JoinFieldsProps) {
  return (
    <>
      <Field label="Teams meeting join link" hint="Copy it from the meeting invitation." required {...problemProps('joinUrl')}>
        <Input type="url" value={join.joinUrl} onChange={(_, data) => onChange({ ...join, joinUrl: data.value })} />
      </Field>
      <Field
        label="Phone number to join by phone"
        hint="If the invitation has one (under “Or call in (audio only)”). Residents in the queue are given it, for joining without a smartphone or computer."
        {...problemProps('dialInNumber')}
      >
        <Input type="tel" value={join.dialInNumber} onChange={(_, data) => onChange({ ...join, dialInNumber: data.value })} />
      </Field>
      <Field label="Phone conference ID" hint="From the same part of the invitation." {...problemProps('dialInConferenceId')}>
        <Input
          inputMode="numeric"
          value={join.dialInConferenceId}
          onChange={(_, data) => onChange({ ...join, dialInConferenceId: data.value })}
        />
      </Field>
    </>
  );
}

interface CouncillorsFieldProps {
  value: string;
  onChange: (value: string) => void;
  problemProps: (field: SharedField) => ProblemProps;
}

export function CouncillorsField({ value, onChange, problemProps }: CouncillorsFieldProps) {
  return (
    <Field label="Councillors" hint="Separate names with commas." required {...problemProps('councillors')}>
      <Input value={value} onChange={(_, data) => onChange(data.value)} />
    </Field>
  );
}
