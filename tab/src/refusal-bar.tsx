import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { useEffect, useRef } from 'react';

const useStyles = makeStyles({
  // Leaves room for the sticky local-mode banner when scrolled into view.
  region: { scrollMarginTop: '4rem' },
});

interface RefusalBarProps {
  message?: string;
  onDismiss?: () => void;
}

/** Says why the server refused. The alert region stays in the page so screen readers notice new text in it. */
export function RefusalBar({ message, onDismiss }: RefusalBarProps) {
  const styles = useStyles();
  const region = useRef<HTMLDivElement>(null);

  // A councillor acting far down a long queue would not otherwise see the reason at the top.
  useEffect(() => {
    if (message) region.current?.scrollIntoView({ block: 'nearest' });
  }, [message]);

  return (
    <div ref={region} role="alert" className={styles.region}>
      {message && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{message}</MessageBarBody>
          {onDismiss && (
            <MessageBarActions>
              <Button size="small" onClick={onDismiss}>
                Dismiss
              </Button>
            </MessageBarActions>
          )}
        </MessageBar>
      )}
    </div>
  );
}
