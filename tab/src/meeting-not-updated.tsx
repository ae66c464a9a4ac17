import { Button, MessageBar, MessageBarActions, MessageBarBody } from '@fluentui/react-components';

/**
 * The surgery's change holds, but its Teams meeting in the organiser's calendar did not follow: why, and what to do
 * by hand. It stays until dismissed, since the councillor may need to read it again while fixing the calendar.
 */
export function MeetingNotUpdatedBar({ message, onDismiss }: { message?: string; onDismiss: () => void }) {
  if (!message) return null;
  return (
    <MessageBar intent="warning" layout="multiline">
      <MessageBarBody>{message}</MessageBarBody>
      <MessageBarActions>
        <Button size="small" aria-label="Dismiss the note about the Teams meeting" onClick={onDismiss}>
          Dismiss
        </Button>
      </MessageBarActions>
    </MessageBar>
  );
}
