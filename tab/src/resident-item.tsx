import { Badge, BadgeProps, makeStyles, tokens } from '@fluentui/react-components';
import { CHANNEL_NAMES, REACH_WORDS, type ResidentRow, type VisitStatus } from '../../bot/api-types';
import { IssueSummary } from './issue-summary';
import { NotDelivered } from './not-delivered';
import { PhoneThem } from './phone-them';
import { SentMessages } from './message-resident';
import { formatTime } from './london-time';
import { ResidentActions, ResidentHandlers } from './resident-actions';
import { durationWords, residentStatusWords } from './status-words';

const useStyles = makeStyles({
  item: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground2,
    '& p': { margin: 0 },
  },
  lobbyTag: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
  statusLine: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', columnGap: tokens.spacingHorizontalS },
  quiet: { color: tokens.colorNeutralForeground2 },
});

// Colour only backs up the words; the status is always written out.
const BADGE_COLOUR: Partial<Record<VisitStatus, BadgeProps['color']>> = {
  waiting: 'informative',
  called: 'warning',
  in_consultation: 'success',
};

// Outline badges only: Fluent's "subtle" outline is white text, unreadable on a light theme.
const WARD_BADGE_COLOUR: Record<NonNullable<ResidentRow['wardCheck']>, BadgeProps['color']> = {
  in_ward: 'success',
  outside: 'brand',
  unknown: 'informative',
};

/** Where the resident lives, by the council's postcode lists. */
function wardWords({ wardCheck, postcodeWard }: Pick<ResidentRow, 'wardCheck' | 'postcodeWard'>): string {
  if (wardCheck === 'in_ward') return 'In ward';
  if (wardCheck === 'outside') return postcodeWard ? `Outside ward (${postcodeWard})` : 'Outside ward';
  return 'Address not checked';
}

interface ResidentItemProps {
  resident: ResidentRow;
  surgeryEndsAt: string;
  now: Date;
  handlers: ResidentHandlers;
  busy: boolean;
  surgeryEnded: boolean;
}

export function ResidentItem({ resident, surgeryEndsAt, now, handlers, busy, surgeryEnded }: ResidentItemProps) {
  const styles = useStyles();
  const { lobbyTag, name, postcode, status, estimatedWindow, reach, calledAt, calledBy, accessNeeds } = resident;
  // Time spent waiting stops when the resident reaches a councillor.
  const waited = durationWords(resident.checkedInAt, resident.joinedAt ? new Date(resident.joinedAt) : now);

  return (
    <li className={styles.item}>
      <h3 className={styles.lobbyTag}>{lobbyTag}</h3>
      {resident.dialInEnding && (
        <p className={styles.quiet}>If they call in by phone, the lobby shows a number ending {resident.dialInEnding} instead.</p>
      )}
      <p>
        {name}
        {postcode && <span className={styles.quiet}>, {postcode}</span>}
        {resident.wardCheck && (
          <>
            {' '}
            <Badge appearance="outline" color={WARD_BADGE_COLOUR[resident.wardCheck]}>
              {wardWords(resident)}
            </Badge>
          </>
        )}
      </p>
      <p className={styles.statusLine}>
        <Badge appearance="tint" color={BADGE_COLOUR[status] ?? 'subtle'}>
          {residentStatusWords(resident)}
        </Badge>
        <span>Waited {waited}</span>
      </p>
      {status === 'waiting' && estimatedWindow && (
        <p>
          Estimated {estimatedWindow.words}
          {reach && reach !== 'in_time' && (
            <strong>
              {' '}
              — {REACH_WORDS[reach]} ({formatTime(surgeryEndsAt)})
            </strong>
          )}
        </p>
      )}
      {calledAt && (
        <p className={styles.quiet}>
          Called at {formatTime(calledAt)}
          {calledBy && ` by ${calledBy}`}
        </p>
      )}
      {status === 'in_consultation' && resident.leftMeetingAt && (
        <p>
          <strong>Left the meeting at {formatTime(resident.leftMeetingAt)}.</strong> Select Seen to record the visit.
        </p>
      )}
      <IssueSummary issue={resident.issue} />
      <PhoneThem resident={resident} />
      <p className={styles.quiet}>
        {resident.booked && resident.slotStartsAt ? `Booked for ${formatTime(resident.slotStartsAt)}` : 'Drop-in'}, via{' '}
        {CHANNEL_NAMES[resident.channel]}
      </p>
      {accessNeeds && (
        <p>
          <strong>Access needs:</strong> {accessNeeds}
        </p>
      )}
      <NotDelivered resident={resident} />
      {resident.messages && <SentMessages messages={resident.messages} />}
      <ResidentActions resident={resident} handlers={handlers} busy={busy} surgeryEnded={surgeryEnded} now={now} />
    </li>
  );
}
