import { useVisuallyHidden } from './visually-hidden';

// Read out by screen readers, hidden from sight: the list itself shows sighted councillors the change.
export function LiveAnnouncer({ message }: { message: string }) {
  const styles = useVisuallyHidden();
  return (
    <div role="status" aria-live="polite" className={styles.hidden}>
      {message}
    </div>
  );
}
