import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ResidentRow } from '../../bot/api-types';

/** Reminds the councillor of the one step the app cannot do: admitting the resident from the Teams lobby. */
export function CalledNotice({ resident }: { resident?: ResidentRow }) {
  return (
    <div aria-live="polite">
      {resident && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody>{resident.lobbyTag} has been called. Admit them from the Teams lobby when they arrive.</MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
