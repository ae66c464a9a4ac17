import { Field, Input, Radio, RadioGroup } from '@fluentui/react-components';
import type { SurgeryMode, SurgeryPlanRequest } from '../../bot/api-types';
import { fromLondonInput } from './london-time';

/** What the set-up form holds about bookings; the numbers as typed. */
export interface BookingChoice {
  mode: SurgeryMode;
  slotMinutes: string;
  freeSlots: string;
}

export const FIRST_BOOKING_CHOICE: BookingChoice = { mode: 'drop_in', slotMinutes: '10', freeSlots: '2' };

const SLOT_RANGE = { min: 5, max: 60 };

// Cleared boxes are left out, so the server's defaults apply; anything else goes as typed, for it to check.
const typed = (value: string): number | undefined => (value.trim() === '' ? undefined : Number(value));

/** The booking part of a SurgeryPlanRequest. Drop-in only sends nothing, as before bookings existed. */
export function bookingPlan(choice: BookingChoice): Pick<SurgeryPlanRequest, 'mode' | 'slotMinutes' | 'freeSlots'> {
  if (choice.mode === 'drop_in') return {};
  const slotMinutes = typed(choice.slotMinutes);
  const freeSlots = typed(choice.freeSlots);
  return {
    mode: choice.mode,
    ...(slotMinutes !== undefined ? { slotMinutes } : {}),
    ...(choice.mode === 'both' && freeSlots !== undefined ? { freeSlots } : {}),
  };
}

/** "2-hour", "90-minute" */
function lengthWords(minutes: number): string {
  return minutes % 60 === 0 ? `${minutes / 60}-hour` : `${minutes}-minute`;
}

const slotsWord = (count: number): string => (count === 1 ? '1 slot' : `${count} slots`);

function wholeNumber(value: string): number | undefined {
  return /^\d{1,4}$/.test(value.trim()) ? Number(value) : undefined;
}

interface BookingSettingsProps {
  choice: BookingChoice;
  onChange: (choice: BookingChoice) => void;
  /** The form's start and end, as typed: the hints count the slots between them. */
  startsAt: string;
  endsAt: string;
  problems: Partial<Record<'mode' | 'slotMinutes' | 'freeSlots', string>>;
}

/** How residents take part in a surgery: drop in, book a slot, or both. */
export function BookingSettings({ choice, onChange, startsAt, endsAt, problems }: BookingSettingsProps) {
  const start = fromLondonInput(startsAt);
  const end = fromLondonInput(endsAt);
  const length = start && end && end > start ? Math.round((end.getTime() - start.getTime()) / 60_000) : undefined;
  const slotMinutes = wholeNumber(choice.slotMinutes);
  const slotCount =
    length !== undefined && slotMinutes !== undefined && slotMinutes >= SLOT_RANGE.min && slotMinutes <= SLOT_RANGE.max
      ? Math.floor(length / slotMinutes)
      : undefined;
  const kept = wholeNumber(choice.freeSlots);

  const slotHint = [
    `Between ${SLOT_RANGE.min} and ${SLOT_RANGE.max} minutes.`,
    ...(slotCount === undefined
      ? []
      : [
          slotCount === 0
            ? 'The surgery is shorter than one slot.'
            : `This ${lengthWords(length!)} surgery has ${slotsWord(slotCount)} of ${slotMinutes} minutes.`,
        ]),
  ].join(' ');
  const keptHint = [
    'Nobody can book these: drop-ins are seen in them. They are spread through the surgery.',
    ...(slotCount !== undefined && kept !== undefined && kept < slotCount ? [`That leaves ${slotsWord(slotCount - kept)} to book.`] : []),
  ].join(' ');

  const problemProps = (field: keyof BookingSettingsProps['problems']) =>
    problems[field] ? { validationState: 'error' as const, validationMessage: problems[field] } : {};

  return (
    <>
      <Field
        label="How residents take part"
        hint="Residents can book a time before the day, or drop in and wait their turn."
        {...problemProps('mode')}
      >
        <RadioGroup value={choice.mode} onChange={(_, data) => onChange({ ...choice, mode: data.value as SurgeryMode })}>
          <Radio value="drop_in" label="Drop-in only" />
          <Radio value="bookings" label="Bookings only" />
          <Radio value="both" label="Both: bookings, and slots kept for drop-ins" />
        </RadioGroup>
      </Field>
      {choice.mode !== 'drop_in' && (
        <Field label="Slot length (minutes)" hint={slotHint} {...problemProps('slotMinutes')}>
          <Input
            type="number"
            inputMode="numeric"
            min={SLOT_RANGE.min}
            max={SLOT_RANGE.max}
            step={1}
            value={choice.slotMinutes}
            onChange={(_, data) => onChange({ ...choice, slotMinutes: data.value })}
          />
        </Field>
      )}
      {choice.mode === 'both' && (
        <Field label="Slots kept free for drop-ins" hint={keptHint} {...problemProps('freeSlots')}>
          <Input
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={choice.freeSlots}
            onChange={(_, data) => onChange({ ...choice, freeSlots: data.value })}
          />
        </Field>
      )}
    </>
  );
}
