import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { FormEvent, useEffect, useId, useRef, useState } from 'react';
import type { QueueView, SurgeryChangeRequest, SurgerySummary } from '../../bot/api-types';
import { ApiRefusal, changeSurgery, messageOf } from './api-client';
import { BookingChoice, BookingSettings, bookingPlan } from './booking-settings';
import { fromLondonInput, toLondonInput } from './london-time';
import { usePanelStyles } from './panel-styles';
import { RefusalBar } from './refusal-bar';
import { CouncillorsField, JoinDetails, JoinFields, names, problemPropsOf, TimeFields } from './surgery-fields';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM, alignSelf: 'stretch' },
  heading: { margin: 0, fontSize: tokens.fontSizeBase400 },
  list: { margin: 0 },
});

interface SurgeryForm {
  startsAt: string;
  endsAt: string;
  join: JoinDetails;
  councillors: string;
  booking: BookingChoice;
}

function formOf(surgery: SurgerySummary): SurgeryForm {
  return {
    startsAt: toLondonInput(new Date(surgery.startsAt)),
    endsAt: toLondonInput(new Date(surgery.endsAt)),
    join: { joinUrl: surgery.joinUrl, dialInNumber: surgery.dialIn?.number ?? '', dialInConferenceId: surgery.dialIn?.conferenceId ?? '' },
    councillors: surgery.councillors.join(', '),
    booking: { mode: surgery.mode ?? 'drop_in', slotMinutes: String(surgery.slotMinutes ?? 10), freeSlots: String(surgery.freeSlots ?? 0) },
  };
}

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * Only what the councillor changed is sent. The form shows whole minutes, so sending an untouched time back
 * would move a surgery that started at 6:00:30pm by half a minute, and every booking in it with it.
 */
function changesBetween(before: SurgeryForm, after: SurgeryForm): SurgeryChangeRequest {
  // An unreadable time goes as typed, for the server to name the field; a cleared one is caught before sending.
  const time = (value: string): string => fromLondonInput(value)?.toISOString() ?? value;
  return {
    ...(after.startsAt !== before.startsAt ? { startsAt: time(after.startsAt) } : {}),
    ...(after.endsAt !== before.endsAt ? { endsAt: time(after.endsAt) } : {}),
    ...(same(after.join, before.join) ? {} : after.join),
    ...(after.councillors !== before.councillors ? { councillors: names(after.councillors) } : {}),
    ...(same(after.booking, before.booking) ? {} : { mode: after.booking.mode, ...bookingPlan(after.booking) }),
  };
}

interface ChangeSurgeryProps {
  surgery: SurgerySummary;
  onChanged: (view: QueueView) => void;
}

/**
 * "Change surgery": its times, councillors, join link, phone line and how residents take part, checked as at
 * set-up. A change that leaves booked residents without a slot names them and asks before cancelling them.
 */
export function ChangeSurgery({ surgery, onChanged }: ChangeSurgeryProps) {
  const [editing, setEditing] = useState(false);
  const [done, setDone] = useState('');
  const toggle = useRef<HTMLButtonElement>(null);
  const formId = useId();

  const close = (message: string): void => {
    setEditing(false);
    setDone(message);
    toggle.current?.focus();
  };

  return (
    <>
      <Button
        ref={toggle}
        aria-expanded={editing}
        aria-controls={formId}
        onClick={() => {
          setDone('');
          setEditing(!editing);
        }}
      >
        Change surgery
      </Button>
      {editing && (
        <ChangeSurgeryForm
          id={formId}
          surgery={surgery}
          onChanged={(view) => {
            onChanged(view);
            close('Surgery changed. Residents whose time moved are told.');
          }}
          onClose={() => close('')}
        />
      )}
      <p role="status">{done}</p>
    </>
  );
}

interface ChangeSurgeryFormProps {
  id: string;
  surgery: SurgerySummary;
  onChanged: (view: QueueView) => void;
  onClose: () => void;
}

function ChangeSurgeryForm({ id, surgery, onChanged, onClose }: ChangeSurgeryFormProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const headingId = useId();
  const dropsHeadingId = useId();
  const dropsHeading = useRef<HTMLHeadingElement>(null);
  const [before] = useState(() => formOf(surgery));
  const [form, setForm] = useState(before);
  const [problems, setProblems] = useState<Partial<Record<string, string>>>({});
  const [refusal, setRefusal] = useState<string>();
  /** The bookings the change would cancel, as the server named them, while it waits for the councillor's answer. */
  const [drops, setDrops] = useState<string[]>();
  const [sending, setSending] = useState(false);
  const problemProps = problemPropsOf(problems);

  useEffect(() => {
    if (drops) dropsHeading.current?.focus();
  }, [drops]);

  // The question was about the change as it stood; another edit may drop other bookings, or none.
  const edit = (next: Partial<SurgeryForm>): void => {
    setForm({ ...form, ...next });
    setDrops(undefined);
  };

  const send = async (confirmDrops: boolean): Promise<void> => {
    // At set-up an empty time means "now"; here it would move the surgery, so it is asked for instead.
    const cleared = {
      ...(form.startsAt === '' ? { startsAt: 'Enter the start as a date and time.' } : {}),
      ...(form.endsAt === '' ? { endsAt: 'Enter the end as a date and time.' } : {}),
    };
    if (Object.keys(cleared).length > 0) {
      setProblems(cleared);
      setRefusal('Check the surgery details.');
      return;
    }
    const changes = changesBetween(before, form);
    if (Object.keys(changes).length === 0) {
      setRefusal('Nothing has changed yet. Change a time, the councillors or the joining details, or close the form.');
      return;
    }
    setSending(true);
    setProblems({});
    setRefusal(undefined);
    try {
      onChanged(await changeSurgery(surgery.id, confirmDrops ? { ...changes, confirmDrops } : changes));
    } catch (error) {
      setSending(false);
      if (error instanceof ApiRefusal && error.code === 'SURGERY.DROPS_BOOKINGS') {
        setDrops(error.problems.filter((problem) => problem.field === 'bookings').map((problem) => problem.message));
        return;
      }
      setDrops(undefined);
      setRefusal(messageOf(error));
      if (error instanceof ApiRefusal) setProblems(Object.fromEntries(error.problems.map((problem) => [problem.field, problem.message])));
    }
  };

  const submit = (event: FormEvent): void => {
    event.preventDefault();
    void send(false);
  };

  return (
    <form id={id} className={mergeClasses(panel.panel, styles.form)} onSubmit={submit} noValidate aria-labelledby={headingId}>
      <h2 id={headingId} className={styles.heading}>
        Change surgery
      </h2>
      <p>Residents whose booked time moves are told by chat, email or text, with a new calendar invitation.</p>
      <RefusalBar message={refusal} />
      <TimeFields
        startsAt={form.startsAt}
        endsAt={form.endsAt}
        onStart={(startsAt) => edit({ startsAt })}
        onEnd={(endsAt) => edit({ endsAt })}
        problemProps={problemProps}
      />
      <BookingSettings
        choice={form.booking}
        onChange={(booking) => edit({ booking })}
        startsAt={form.startsAt}
        endsAt={form.endsAt}
        problems={problems}
      />
      <JoinFields join={form.join} onChange={(join) => edit({ join })} problemProps={problemProps} />
      <CouncillorsField value={form.councillors} onChange={(councillors) => edit({ councillors })} problemProps={problemProps} />
      {drops ? (
        <div className={panel.panel} role="group" aria-labelledby={dropsHeadingId}>
          <h3 id={dropsHeadingId} ref={dropsHeading} tabIndex={-1} className={styles.heading}>
            {drops.length === 1 ? 'This booking would be cancelled' : `These ${drops.length} bookings would be cancelled`}
          </h3>
          <p>The change leaves no slot for {drops.length === 1 ? 'it' : 'them'}. Each resident is told, with a link to book again.</p>
          <ul className={styles.list}>
            {drops.map((booking) => (
              <li key={booking}>{booking}</li>
            ))}
          </ul>
          <div className={panel.buttons}>
            <Button appearance="primary" disabledFocusable={sending} onClick={() => void send(true)}>
              Yes, change and cancel {drops.length === 1 ? 'it' : 'them'}
            </Button>
            <Button onClick={() => setDrops(undefined)}>Go back to the form</Button>
          </div>
        </div>
      ) : (
        <div className={panel.buttons}>
          <Button type="submit" appearance="primary" disabledFocusable={sending}>
            Save changes
          </Button>
          <Button onClick={onClose}>Close without changing</Button>
        </div>
      )}
    </form>
  );
}
