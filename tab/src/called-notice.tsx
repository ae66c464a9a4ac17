import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';
import { useEffect } from 'react';
import type { ResidentRow } from '../../bot/api-types';

/** Long enough to read and act on; after that the Teams lobby itself shows who is waiting. */
const CALLED_NOTICE_MS = 60_000;

interface CalledNoticeProps {
  resident?: ResidentRow;
  onDismiss: () => void;
}

/**
 * Reminds the councillor of the one step the app cannot do: admitting the resident from the Teams lobby. One at a
 * time (a new call replaces it), and it goes by itself after a minute or when dismissed, so reminders never pile up.
 */
export function CalledNotice({ resident, onDismiss }: CalledNoticeProps) {
  useEffect(() => {
    if (!resident) return undefined;
    const fade = setTimeout(onDismiss, CALLED_NOTICE_MS);
    return () => clearTimeout(fade);
  }, [resident, onDismiss]);

  return (
    <div aria-live="polite">
      {resident && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{resident.lobbyTag} has been called. Admit them from the Teams lobby when they arrive.</MessageBarBody>
          <MessageBarActions>
            <Button size="small" aria-label={`Dismiss: ${resident.lobbyTag} has been called`} onClick={onDismiss}>
              Dismiss
            </Button>
          </MessageBarActions>
        </MessageBar>
      )}
    </div>
  );
}
