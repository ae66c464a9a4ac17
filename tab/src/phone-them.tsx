import { Link, makeStyles, tokens } from '@fluentui/react-components';
import type { ResidentRow } from '../../bot/api-types';

const useStyles = makeStyles({
  due: {
    padding: tokens.spacingHorizontalS,
    borderLeft: `${tokens.strokeWidthThickest} solid ${tokens.colorPaletteDarkOrangeBorder2}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
});

/**
 * How to reach a resident added by phone. Once they are called or next, one without a mobile gets a clear
 * "Phone them": they have no chat or text message to tell them it is their turn, so a councillor rings
 * them and adds them to the meeting by phone, or admits them from the lobby if they join online.
 */
export function PhoneThem({ resident }: { resident: ResidentRow }) {
  const styles = useStyles();
  if (resident.channel !== 'phone') return null;
  const { phone, status } = resident;
  const due = status === 'called' || (status === 'waiting' && resident.position === 1);
  const number = phone && <Link href={`tel:${phone.tel}`}>{phone.words}</Link>;

  if (phone?.mobile) return <p>Mobile: {number}</p>;
  if (!due) return <p>{phone ? <>Phone: {number}</> : 'No phone number'}</p>;
  if (!phone) {
    return (
      <p className={styles.due}>
        <strong>No phone number.</strong> Admit them from the lobby when they join the meeting.
      </p>
    );
  }
  return (
    <p className={styles.due}>
      <strong>Phone them</strong> on {number}, then add them to the meeting by phone, or admit them from the lobby if they join online.
    </p>
  );
}
