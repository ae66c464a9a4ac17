import { makeStyles } from '@fluentui/react-components';

const useStyles = makeStyles({
  // Read out by screen readers, hidden from sight: the list itself shows sighted councillors the change.
  visuallyHidden: {
    position: 'absolute',
    width: '1px',
    height: '1px',
    margin: '-1px',
    padding: 0,
    overflow: 'hidden',
    clip: 'rect(0 0 0 0)',
    whiteSpace: 'nowrap',
    border: 0,
  },
});

export function LiveAnnouncer({ message }: { message: string }) {
  const styles = useStyles();
  return (
    <div role="status" aria-live="polite" className={styles.visuallyHidden}>
      {message}
    </div>
  );
}
