import { makeStyles, tokens } from '@fluentui/react-components';
import type { ResidentRow, VisitStatus } from '../../bot/api-types';

const useStyles = makeStyles({
  counts: { display: 'grid', gridTemplateColumns: 'repeat(3, 1fr)', gap: tokens.spacingHorizontalS, margin: 0 },
  label: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  number: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
});

const COUNTED: [VisitStatus, string][] = [
  ['waiting', 'Waiting'],
  ['called', 'Called'],
  ['in_consultation', 'With a councillor'],
];

export function QueueCounts({ active }: { active: ResidentRow[] }) {
  const styles = useStyles();
  return (
    <dl className={styles.counts}>
      {COUNTED.map(([status, label]) => (
        <div key={status}>
          <dt className={styles.label}>{label}</dt>
          <dd className={styles.number}>{active.filter((resident) => resident.status === status).length}</dd>
        </div>
      ))}
    </dl>
  );
}
