import { Badge, Link, makeStyles, tokens } from '@fluentui/react-components';
import type { SurgerySummary } from '../../bot/api-types';
import { formatSession } from './london-time';
import { surgeryStatusWords } from './status-words';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0 },
  item: {
    display: 'flex',
    alignItems: 'flex-start',
    justifyContent: 'space-between',
    gap: tokens.spacingHorizontalS,
    paddingBlock: tokens.spacingVerticalS,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  ward: { display: 'block', fontWeight: tokens.fontWeightSemibold },
  session: { display: 'block' },
});

interface SurgeryListProps {
  surgeries: SurgerySummary[];
  onChoose: (surgeryId: string) => void;
}

export function SurgeryList({ surgeries, onChoose }: SurgeryListProps) {
  const styles = useStyles();
  if (surgeries.length === 0) return <p>No surgeries have been set up yet.</p>;
  return (
    <ul className={styles.list} aria-label="Surgeries">
      {surgeries.map((surgery) => (
        <li key={surgery.id} className={styles.item}>
          <Link
            href={`?surgery=${encodeURIComponent(surgery.id)}`}
            onClick={(event) => {
              event.preventDefault();
              onChoose(surgery.id);
            }}
          >
            <span className={styles.ward}>{surgery.ward}</span>{' '}
            <span className={styles.session}>{formatSession(surgery.startsAt, surgery.endsAt)}</span>
          </Link>
          <Badge appearance="outline" color={surgery.status === 'open' ? 'success' : 'informative'}>
            {surgeryStatusWords(surgery.status)}
          </Badge>
        </li>
      ))}
    </ul>
  );
}
