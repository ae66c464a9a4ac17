import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';
import type { SlotRow, SlotState } from '../../bot/api-types';
import { LiveAnnouncer } from './live-announcer';
import { formatTime } from './london-time';

const useStyles = makeStyles({
  heading: { margin: 0, ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` } },
  summary: { margin: 0 },
  section: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalS },
  // The line joining the markers is the timeline's spine.
  list: {
    alignSelf: 'stretch',
    listStyleType: 'none',
    margin: 0,
    marginLeft: tokens.spacingHorizontalS,
    padding: 0,
    borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}`,
  },
  row: {
    display: 'grid',
    gridTemplateColumns: '1.5em 4.25em minmax(0, 1fr)',
    alignItems: 'baseline',
    columnGap: tokens.spacingHorizontalXS,
    paddingBlock: tokens.spacingVerticalXS,
    '& p': { margin: 0 },
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}` },
  },
  marker: {
    marginLeft: '-0.8em',
    width: '1.5em',
    textAlign: 'center',
    fontWeight: tokens.fontWeightBold,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  time: { fontVariantNumeric: 'tabular-nums' },
  body: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXXS },
  quiet: { color: tokens.colorNeutralForeground2 },
  open: { color: tokens.colorNeutralForeground2 },
  booked: { color: tokens.colorBrandForeground1 },
  here: { color: tokens.colorStatusSuccessForeground1 },
  // Not colorStatusDangerForeground1: too faint on the dark theme's background (4.2:1).
  late: { color: tokens.colorPaletteRedForeground1 },
});

type Tone = 'open' | 'booked' | 'here' | 'late' | 'quiet';

// Each state has its own shape and its own words; colour only backs them up.
const LOOK: Record<SlotState, { words: string; marker: string; tone: Tone }> = {
  free: { words: 'Free', marker: '○', tone: 'open' },
  kept_for_drop_ins: { words: 'Kept for drop-ins', marker: '◇', tone: 'open' },
  past: { words: 'Not booked', marker: '–', tone: 'quiet' },
  booked: { words: 'Booked', marker: '●', tone: 'booked' },
  late: { words: 'Late', marker: '!', tone: 'late' },
  waiting: { words: 'Waiting', marker: '◐', tone: 'here' },
  in_progress: { words: 'In progress', marker: '►', tone: 'here' },
  done: { words: 'Done', marker: '✓', tone: 'quiet' },
  no_show: { words: 'Missed', marker: '✕', tone: 'quiet' },
};

type Booking = NonNullable<SlotRow['booking']>;

function wardWords({ wardCheck, postcodeWard }: Booking): string {
  if (wardCheck === 'in_ward') return 'in ward';
  if (wardCheck === 'outside') return postcodeWard ? `outside ward (${postcodeWard})` : 'outside ward';
  return 'address not checked';
}

const plural = (count: number, one: string, many: string): string => `${count} ${count === 1 ? one : many}`;

/** "12 slots: 7 booked (1 late), 3 free, 2 for drop-ins" */
function slotSummary(slots: SlotRow[]): string {
  const count = (...states: SlotState[]) => slots.filter((slot) => states.includes(slot.state)).length;
  const booked = count('booked', 'late', 'waiting', 'in_progress', 'done');
  const late = count('late');
  const parts = [
    booked > 0 ? `${booked} booked${late > 0 ? ` (${late} late)` : ''}` : '',
    count('no_show') > 0 ? `${count('no_show')} missed` : '',
    count('past') > 0 ? `${count('past')} passed unbooked` : '',
    count('free') > 0 ? `${count('free')} free` : '',
    count('kept_for_drop_ins') > 0 ? `${count('kept_for_drop_ins')} for drop-ins` : '',
  ].filter((part) => part !== '');
  return `${plural(slots.length, 'slot', 'slots')}: ${parts.join(', ')}`;
}

interface SlotItemProps {
  slot: SlotRow;
  busy: boolean;
  onMarkMissed: (slot: SlotRow, bookingId: string) => void;
  rowRef: (row: HTMLLIElement | null) => void;
}

function SlotItem({ slot, busy, onMarkMissed, rowRef }: SlotItemProps) {
  const styles = useStyles();
  const look = LOOK[slot.state];
  const { booking } = slot;
  const time = formatTime(slot.startsAt);
  const here = slot.state === 'waiting' || slot.state === 'in_progress';
  // Once they have checked in, councillors look for them in the lobby by their tag.
  const who = !booking
    ? ''
    : here && booking.lobbyTag
      ? ` — ${booking.name}, ${booking.lobbyTag}`
      : ` — ${booking.name} (${booking.postcode}, ${wardWords(booking)})`;

  return (
    <li ref={rowRef} className={styles.row} tabIndex={-1}>
      <span className={mergeClasses(styles.marker, styles[look.tone])} aria-hidden="true">
        {look.marker}
      </span>
      <time className={styles.time} dateTime={slot.startsAt}>
        {time}
      </time>
      <div className={styles.body}>
        <p>
          <strong className={styles[look.tone]}>{look.words}</strong>
          {who}
        </p>
        {slot.state === 'late' && booking && (
          <>
            <p className={styles.quiet}>Not checked in 10 minutes after their time.</p>
            <Button
              size="small"
              aria-label={`Mark as missed: ${booking.name}, ${time}`}
              disabledFocusable={busy}
              onClick={() => onMarkMissed(slot, booking.bookingId)}
            >
              Mark as missed
            </Button>
          </>
        )}
        {slot.state === 'waiting' && <p className={styles.quiet}>Checked in</p>}
      </div>
    </li>
  );
}

interface SlotTimelineProps {
  slots: SlotRow[];
  busy: boolean;
  onMarkMissed: (bookingId: string) => void;
}

/**
 * The surgery's booked slots in time order. Folded to a summary in the narrow side panel, with late
 * bookings always in view, because they are the ones that need the councillor.
 */
export function SlotTimeline({ slots, busy, onMarkMissed }: SlotTimelineProps) {
  const styles = useStyles();
  const headingId = useId();
  const listId = useId();
  const [expanded, setExpanded] = useState(false);
  const [pending, setPending] = useState<number>();
  const [announcement, setAnnouncement] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  const rows = useRef(new Map<number, HTMLLIElement>());

  // Marking a slot missed removes its button; once the slot has changed, say so and keep focus in the timeline.
  useEffect(() => {
    if (pending === undefined) return;
    const slot = slots.find((s) => s.index === pending);
    if (slot?.state === 'late') return;
    setPending(undefined);
    if (slot?.state === 'no_show' && slot.booking)
      setAnnouncement(`${slot.booking.name}’s ${formatTime(slot.startsAt)} booking is marked as missed.`);
    if (document.activeElement === null || document.activeElement === document.body)
      (rows.current.get(pending) ?? heading.current)?.focus();
  }, [slots, pending]);

  const markMissed = (slot: SlotRow, bookingId: string): void => {
    setPending(slot.index);
    onMarkMissed(bookingId);
  };
  const shown = expanded ? slots : slots.filter((slot) => slot.state === 'late');
  const rowRef = (index: number) => (row: HTMLLIElement | null) => {
    if (row) rows.current.set(index, row);
    else rows.current.delete(index);
  };

  return (
    <section className={styles.section} aria-labelledby={headingId}>
      <h2 id={headingId} ref={heading} tabIndex={-1} className={styles.heading}>
        Slots
      </h2>
      <p className={styles.summary}>{slotSummary(slots)}</p>
      <LiveAnnouncer message={announcement} />
      {shown.length > 0 && (
        <ol id={listId} className={styles.list} aria-label={expanded ? 'All slots' : 'Late bookings'}>
          {shown.map((slot) => (
            <SlotItem key={slot.index} slot={slot} busy={busy} onMarkMissed={markMissed} rowRef={rowRef(slot.index)} />
          ))}
        </ol>
      )}
      <Button aria-expanded={expanded} {...(shown.length > 0 ? { 'aria-controls': listId } : {})} onClick={() => setExpanded(!expanded)}>
        {expanded ? 'Hide slots' : 'Show all slots'}
      </Button>
    </section>
  );
}
