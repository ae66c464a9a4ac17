import { Button } from '@fluentui/react-components';
import { useId, useState } from 'react';
import { usePanelStyles } from './panel-styles';

interface EndSurgeryProps {
  busy: boolean;
  onEnd: () => void;
}

/** Ending tells everyone still waiting at once, so it takes a second, deliberate click. */
export function EndSurgery({ busy, onEnd }: EndSurgeryProps) {
  const styles = usePanelStyles();
  const [confirming, setConfirming] = useState(false);
  const confirmId = useId();

  return (
    <>
      <Button aria-expanded={confirming} aria-controls={confirmId} onClick={() => setConfirming(!confirming)}>
        End surgery
      </Button>
      {confirming && (
        <div id={confirmId} className={styles.panel}>
          <p>
            End the surgery now? Anyone still waiting will be told, with a link to the ward’s next surgery, and listed here for you to
            follow up. Anyone you called by phone stays for you to mark seen or not reached. For 10 minutes you can undo it.
          </p>
          <div className={styles.buttons}>
            <Button appearance="primary" disabledFocusable={busy} onClick={onEnd}>
              Yes, end surgery
            </Button>
            <Button onClick={() => setConfirming(false)}>Cancel</Button>
          </div>
        </div>
      )}
    </>
  );
}
