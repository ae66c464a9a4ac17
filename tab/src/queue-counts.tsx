import { makeStyles, tokens } from '@fluentui/react-components';
import type { ResidentRow, VisitStatus } from '../../bot/api-types';
import { visitStatusWords } from './status-words';

const useStyles = makeStyles({
  counts: { display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: tokens.spacingHorizontalS, margin: 0 },
  label: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  number: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

const COUNTED: VisitStatus[] = ['waiting', 'called', 'in_consultation'];

export function QueueCounts({ active }: { active: ResidentRow[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.counts}>
      {COUNTED.map((status) => (
        <div key={status}>
          <dt className={styles.label}>{visitStatusWords(status)}</dt>
          <dd className={styles.number}>{active.filter((resident) => resident.status === status).length}</dd>
        </div>
      ))}
    </dl>
  );
}
