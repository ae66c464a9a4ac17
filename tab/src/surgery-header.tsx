import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { QueueView, SurgerySummary } from '../../bot/api-types';
import { EndSurgery } from './end-surgery';
import { PublicPageLink } from './public-page-link';
import { CancelSurgery } from './cancel-surgery';
import { ChangeSurgery } from './change-surgery';
import { SurgeryBreak } from './surgery-break';
import { formatSession, formatTime } from './london-time';
import { usePanelStyles } from './panel-styles';
import { surgeryStatusWords } from './status-words';

const useStyles = makeStyles({
  header: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXS, '& p': { margin: 0 } },
  undo: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
});

interface SurgeryHeaderProps {
  surgery: SurgerySummary;
  publicPageUrl?: string | undefined;
  busy: boolean;
  /** `confirmEarly` once the councillor has answered "open it now?" for a surgery before its day. */
  onOpen: (confirmEarly: boolean) => void;
  /** The server's question when the surgery is not due to open yet: "This surgery is on Monday 7 December. Open it now?" */
  openEarly?: string | undefined;
  onKeepClosed: () => void;
  onPause: (minutes: number) => void;
  onResume: () => void;
  onEnd: () => void;
  /** "Undo" on ending, shown while the surgery can still be reopened. */
  onReopen: () => void;
  /** Before or during the surgery, with the councillors' message to residents (maybe empty). */
  onCancel: (message: string) => void;
  /** A change saved ("Change surgery"): the queue as it now stands. */
  onChanged: (view: QueueView) => void;
  /** How many residents a cancellation would tell. */
  residentsToTell: number;
  now: Date;
}

export function SurgeryHeader(props: SurgeryHeaderProps) {
  const {
    surgery,
    publicPageUrl,
    busy,
    onOpen,
    onEnd,
    onReopen,
    onCancel,
    onChanged,
    residentsToTell,
    now,
    openEarly,
    onKeepClosed,
    onPause,
    onResume,
  } = props;
  const styles = useStyles();
  const panel = usePanelStyles();
  const reopenable = surgery.reopenableUntil !== undefined && Date.parse(surgery.reopenableUntil) > now.getTime();
  return (
    <header className={styles.header}>
      <h1 className={styles.heading}>{surgery.ward} surgery</h1>
      <p>{formatSession(surgery.startsAt, surgery.endsAt)}</p>
      <p>
        Status:{' '}
        <Badge appearance="tint" color={surgery.cancelledAt ? 'danger' : surgery.status === 'open' ? 'success' : 'informative'}>
          {surgery.cancelledAt ? 'Cancelled' : surgeryStatusWords(surgery.status)}
        </Badge>
      </p>
      {surgery.councillors.length > 0 && <p>Councillors: {surgery.councillors.join(', ')}</p>}
      {publicPageUrl && <PublicPageLink url={publicPageUrl} />}
      {surgery.status === 'scheduled' && !openEarly && (
        <Button appearance="primary" disabledFocusable={busy} onClick={() => onOpen(false)}>
          Open surgery
        </Button>
      )}
      {surgery.status === 'scheduled' && openEarly && (
        <div className={panel.panel} role="group" aria-label="Open the surgery early?">
          <p>{openEarly}</p>
          <div className={panel.buttons}>
            <Button appearance="primary" disabledFocusable={busy} onClick={() => onOpen(true)}>
              Yes, open it now
            </Button>
            <Button onClick={onKeepClosed}>Not yet</Button>
          </div>
        </div>
      )}
      {surgery.status === 'open' && <SurgeryBreak surgery={surgery} busy={busy} onPause={onPause} onResume={onResume} />}
      {surgery.status === 'open' && <EndSurgery busy={busy} onEnd={onEnd} />}
      {surgery.status !== 'ended' && <ChangeSurgery surgery={surgery} onChanged={onChanged} />}
      {surgery.status !== 'ended' && <CancelSurgery residents={residentsToTell} busy={busy} onCancel={onCancel} />}
      {surgery.cancelledAt && <p>Cancelled at {formatTime(surgery.cancelledAt)}. Residents booked or waiting have been told.</p>}
      {surgery.status === 'ended' && surgery.endedAt && !surgery.cancelledAt && (
        <div className={styles.undo}>
          <p>Ended at {formatTime(surgery.endedAt)}.</p>
          {reopenable && (
            <Button size="small" aria-label="Undo ending the surgery" disabledFocusable={busy} onClick={onReopen}>
              Undo
            </Button>
          )}
        </div>
      )}
      {reopenable && <p>Undo until {formatTime(surgery.reopenableUntil!)}: residents not reached go back in the queue and are told.</p>}
    </header>
  );
}
