import { Badge, Button, makeStyles, tokens } from '@fluentui/react-components';
import type { SurgerySummary } from '../../bot/api-types';
import { EndSurgery } from './end-surgery';
import { formatSession } from './london-time';
import { surgeryStatusWords } from './status-words';

const useStyles = makeStyles({
  header: { display: 'flex', flexDirection: 'column', alignItems: 'flex-start', gap: tokens.spacingVerticalXS, '& p': { margin: 0 } },
  heading: { margin: 0, fontSize: tokens.fontSizeBase600, lineHeight: tokens.lineHeightBase600 },
});

interface SurgeryHeaderProps {
  surgery: SurgerySummary;
  busy: boolean;
  onOpen: () => void;
  onEnd: () => void;
}

export function SurgeryHeader({ surgery, busy, onOpen, onEnd }: SurgeryHeaderProps) {
  const styles = useStyles();
  return (
    <header className={styles.header}>
      <h1 className={styles.heading}>{surgery.ward} surgery</h1>
      <p>{formatSession(surgery.startsAt, surgery.endsAt)}</p>
      <p>
        Status:{' '}
        <Badge appearance="tint" color={surgery.status === 'open' ? 'success' : 'informative'}>
          {surgeryStatusWords(surgery.status)}
        </Badge>
      </p>
      {surgery.councillors.length > 0 && <p>Councillors: {surgery.councillors.join(', ')}</p>}
      {surgery.status === 'scheduled' && (
        <Button appearance="primary" disabledFocusable={busy} onClick={onOpen}>
          Open surgery
        </Button>
      )}
      {surgery.status === 'open' && <EndSurgery busy={busy} onEnd={onEnd} />}
    </header>
  );
}
