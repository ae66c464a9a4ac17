import { Button, Field, makeStyles, mergeClasses, Textarea } from '@fluentui/react-components';
import { useId, useState } from 'react';
import { CANCEL_MESSAGE_LIMIT, type QueueView } from '../../bot/api-types';
import { usePanelStyles } from './panel-styles';

const useStyles = makeStyles({
  start: { alignItems: 'flex-start' },
  message: { width: '100%' },
});

/** Everyone a cancellation tells: residents booked and not yet checked in, and those waiting or called. */
export function residentsToTell(view: Pick<QueueView, 'active' | 'slots'>): number {
  const booked = (view.slots ?? []).filter((slot) => slot.state === 'booked' || slot.state === 'late').length;
  const queued = view.active.filter((row) => row.status === 'waiting' || (row.status === 'called' && row.channel !== 'phone')).length;
  return booked + queued;
}

const told = (count: number): string =>
  count === 0
    ? 'No resident has booked or checked in, so nobody needs telling.'
    : `${count === 1 ? 'One resident' : `${count} residents`} will be told by chat, email or text, with your message and a link to the ward’s next surgery.`;

interface CancelSurgeryProps {
  /** How many residents the cancellation tells (residentsToTell). */
  residents: number;
  busy: boolean;
  onCancel: (message: string) => void;
}

/** Cancelling cannot be undone and tells every resident at once, so it asks first and says how many. */
export function CancelSurgery({ residents, busy, onCancel }: CancelSurgeryProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const [confirming, setConfirming] = useState(false);
  const [message, setMessage] = useState('');
  const confirmId = useId();

  return (
    <>
      <Button aria-expanded={confirming} aria-controls={confirmId} onClick={() => setConfirming(!confirming)}>
        Cancel surgery
      </Button>
      {confirming && (
        <div id={confirmId} className={mergeClasses(panel.panel, styles.start)} role="group" aria-label="Cancel the surgery?">
          <p>
            <strong>Cancel this surgery?</strong> {told(residents)} Public pages and the ward’s calendar will show it as cancelled. This
            cannot be undone.
          </p>
          <Field
            label="Message to residents (optional)"
            hint={`Up to ${CANCEL_MESSAGE_LIMIT} characters, for example why, or when you will hold it instead.`}
          >
            <Textarea
              className={styles.message}
              value={message}
              maxLength={CANCEL_MESSAGE_LIMIT}
              onChange={(_event, data) => setMessage(data.value)}
            />
          </Field>
          <div className={panel.buttons}>
            <Button appearance="primary" disabledFocusable={busy} onClick={() => onCancel(message)}>
              Yes, cancel surgery
            </Button>
            <Button onClick={() => setConfirming(false)}>Keep the surgery</Button>
          </div>
        </div>
      )}
    </>
  );
}
