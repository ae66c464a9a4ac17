import { Button, Checkbox, Field, Input, Radio, RadioGroup, Select, makeStyles, tokens } from '@fluentui/react-components';
import { FormEvent, useEffect, useId, useState } from 'react';
import type { MeetingDetails, SurgerySummary, WardChoices } from '../../bot/api-types';
import type { SurgeryPlanRequest } from '../../bot/api-types';
import { ApiRefusal, getWardChoices, messageOf, setUpSurgery } from './api-client';
import { fromLondonInput, nextFiveMinutes, toLondonInput } from './london-time';
import { RefusalBar } from './refusal-bar';
import { BookingChoice, BookingSettings, bookingPlan, FIRST_BOOKING_CHOICE } from './booking-settings';
import { CouncillorsField, JoinDetails, JoinFields, names, problemPropsOf, TimeFields } from './surgery-fields';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, marginTop: tokens.spacingVerticalXL },
  heading: { margin: 0 },
  submit: { alignSelf: 'flex-start' },
});

type PlanField = keyof SurgeryPlanRequest;

interface SetUpFormProps {
  defaultLengthMinutes: number;
  onSetUp: (surgery: SurgerySummary) => void;
  /** The Teams meeting the surgery will run in, and what Teams said about it. */
  meetingId?: string;
  meeting?: MeetingDetails;
  heading?: string;
  /** Whether the server can make the Teams meeting in the councillor's calendar; a surgery set up in a meeting never needs one. */
  makesMeetings?: boolean;
}

type MeetingChoice = 'create' | 'paste';

function endAfter(startInput: string, minutes: number): string {
  const start = fromLondonInput(startInput);
  return start ? toLondonInput(new Date(start.getTime() + minutes * 60_000)) : '';
}

export function SetUpForm({
  defaultLengthMinutes,
  onSetUp,
  meetingId,
  meeting,
  heading = 'Set up a surgery',
  makesMeetings = false,
}: SetUpFormProps) {
  const styles = useStyles();
  const headingId = useId();
  const [ward, setWard] = useState('');
  const [wardChoices, setWardChoices] = useState<WardChoices>();
  const [startsAt, setStartsAt] = useState(() =>
    toLondonInput(meeting?.startsAt ? new Date(meeting.startsAt) : nextFiveMinutes(new Date())),
  );
  const [endsAt, setEndsAt] = useState(() =>
    meeting?.endsAt ? toLondonInput(new Date(meeting.endsAt)) : endAfter(startsAt, defaultLengthMinutes),
  );
  const [endChanged, setEndChanged] = useState(meeting?.endsAt !== undefined);
  const [join, setJoin] = useState<JoinDetails>({ joinUrl: meeting?.joinUrl ?? '', dialInNumber: '', dialInConferenceId: '' });
  const offerToCreate = makesMeetings && !meetingId;
  const [meetingChoice, setMeetingChoice] = useState<MeetingChoice>(offerToCreate ? 'create' : 'paste');
  const creating = offerToCreate && meetingChoice === 'create';
  const [openWithMeeting, setOpenWithMeeting] = useState(false);
  // Teams tells the app when a meeting starts only where the app is in that meeting.
  const knowsMeeting = meetingId !== undefined || creating;
  const [councillors, setCouncillors] = useState('');
  const [accounts, setAccounts] = useState('');
  const [booking, setBooking] = useState<BookingChoice>(FIRST_BOOKING_CHOICE);
  const [problems, setProblems] = useState<Partial<Record<PlanField, string>>>({});
  const [refusal, setRefusal] = useState<string>();
  const [sending, setSending] = useState(false);

  useEffect(() => {
    let current = true;
    getWardChoices().then(
      (choices) => {
        if (!current) return;
        setWardChoices(choices);
        // The first of their wards is chosen, so a councillor of one ward has nothing to choose.
        setWard((chosen) => chosen || (choices.wards[0]?.code ?? ''));
      },
      (error: unknown) => current && setRefusal(messageOf(error)),
    );
    return () => {
      current = false;
    };
  }, []);

  const changeStart = (value: string): void => {
    setStartsAt(value);
    // Until the councillor picks an end, keep the usual length rather than leave a stale end behind.
    if (!endChanged) setEndsAt(endAfter(value, defaultLengthMinutes));
  };

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setSending(true);
    setProblems({});
    setRefusal(undefined);
    try {
      const surgery = await setUpSurgery({
        ward,
        // A cleared time goes as empty, and the server fills in its defaults: now, and the usual length.
        startsAt: fromLondonInput(startsAt)?.toISOString() ?? '',
        endsAt: fromLondonInput(endsAt)?.toISOString() ?? '',
        ...(creating ? { joinUrl: '', createMeeting: true } : { joinUrl: join.joinUrl }),
        ...(!creating && (join.dialInNumber.trim() || join.dialInConferenceId.trim())
          ? { dialInNumber: join.dialInNumber, dialInConferenceId: join.dialInConferenceId }
          : {}),
        councillors: names(councillors),
        councillorAccounts: names(accounts),
        ...bookingPlan(booking),
        ...(knowsMeeting && openWithMeeting ? { openWhenMeetingStarts: true } : {}),
        ...(meetingId ? { meetingId } : {}),
      });
      onSetUp(surgery);
    } catch (error) {
      setRefusal(messageOf(error));
      if (error instanceof ApiRefusal) {
        setProblems(Object.fromEntries(error.problems.map((problem) => [problem.field, problem.message])));
      }
      setSending(false);
    }
  };

  const problemProps = problemPropsOf(problems);

  return (
    <form className={styles.form} onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        {heading}
      </h2>
      <RefusalBar message={refusal} />
      <WardField choices={wardChoices} ward={ward} onChange={setWard} problem={problemProps('ward')} />
      <TimeFields
        startsAt={startsAt}
        endsAt={endsAt}
        onStart={changeStart}
        onEnd={(value) => {
          setEndChanged(true);
          setEndsAt(value);
        }}
        problemProps={problemProps}
      />
      <BookingSettings choice={booking} onChange={setBooking} startsAt={startsAt} endsAt={endsAt} problems={problems} />
      {offerToCreate && (
        <Field
          label="Teams meeting"
          hint={
            creating
              ? 'Surgery Queue makes it in your Outlook calendar and invites the councillors below as presenters. Residents wait in the lobby until a councillor admits them, and meeting chat is off.'
              : undefined
          }
        >
          <RadioGroup value={meetingChoice} onChange={(_, data) => setMeetingChoice(data.value as MeetingChoice)}>
            <Radio value="create" label="Create the Teams meeting for me" />
            <Radio value="paste" label="I have a join link" />
          </RadioGroup>
        </Field>
      )}
      {!creating && <JoinFields join={join} onChange={setJoin} problemProps={problemProps} />}
      {knowsMeeting && (
        <Checkbox
          checked={openWithMeeting}
          onChange={(_, data) => setOpenWithMeeting(data.checked === true)}
          label="Open the surgery when the meeting starts"
        />
      )}
      <CouncillorsField value={councillors} onChange={setCouncillors} problemProps={problemProps} />
      <Field
        label="Work email addresses"
        hint={
          wardChoices?.roster
            ? "Of the other councillors running it, separated by commas. Only they, the ward's councillors and the council's officers will see residents' details."
            : "Of the other councillors running it, separated by commas. Only they, you and the meeting's presenters will see residents' details."
        }
        {...problemProps('councillorAccounts')}
      >
        <Input type="text" inputMode="email" autoComplete="off" value={accounts} onChange={(_, data) => setAccounts(data.value)} />
      </Field>
      <Button className={styles.submit} type="submit" appearance="primary" disabledFocusable={sending}>
        Set up surgery
      </Button>
    </form>
  );
}

interface WardFieldProps {
  choices: WardChoices | undefined;
  ward: string;
  onChange: (ward: string) => void;
  problem: { validationState?: 'error'; validationMessage?: string };
}

/** The councillor's wards from the council's roster, to choose from; typed in only where the council keeps no roster. */
function WardField({ choices, ward, onChange, problem }: WardFieldProps) {
  if (choices && !choices.roster) {
    return (
      <Field label="Ward" required {...problem}>
        <Input value={ward} onChange={(_, data) => onChange(data.value)} />
      </Field>
    );
  }
  const none = choices !== undefined && choices.wards.length === 0;
  return (
    <Field
      label="Ward"
      required
      {...(none && !problem.validationMessage
        ? {
            validationState: 'warning' as const,
            validationMessage: "You are not on the council's ward roster. Ask the council's officers to add you.",
          }
        : problem)}
    >
      <Select value={ward} disabled={choices === undefined || none} onChange={(_, data) => onChange(data.value)}>
        {(choices?.wards ?? []).map((choice) => (
          <option key={choice.code} value={choice.code}>
            {choice.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}
