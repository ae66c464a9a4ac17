import { useCallback, useState } from 'react';
import type { QueueView, SurgeryChanged } from '../../bot/api-types';
import { messageOf } from './api-client';

export interface QueueActions {
  /** True while an action is with the server; buttons wait so one click cannot act twice. */
  busy: boolean;
  refusal?: string;
  dismissRefusal: () => void;
  /** Why the surgery's Teams meeting did not follow the last change or cancellation, and what to do by hand. */
  meetingNotUpdated?: string;
  dismissMeetingNotUpdated: () => void;
  /**
   * Runs an action and shows the view it returns (none when it asks the councillor first), or the server's reason for
   * refusing. True when the server did not refuse.
   */
  run: (action: () => Promise<SurgeryChanged | undefined>) => Promise<boolean>;
  /** Shows a view a form got from the server itself, with its word on the Teams meeting when it has one. */
  acceptChange: (view: SurgeryChanged) => void;
}

export function useQueueActions(accept: (view: QueueView) => void): QueueActions {
  const [busy, setBusy] = useState(false);
  const [refusal, setRefusal] = useState<string>();
  const [meetingNotUpdated, setMeetingNotUpdated] = useState<string>();

  const acceptChange = useCallback(
    (view: SurgeryChanged) => {
      accept(view);
      if (view.meetingNotUpdated) setMeetingNotUpdated(view.meetingNotUpdated);
    },
    [accept],
  );

  const run = useCallback(
    async (action: () => Promise<SurgeryChanged | undefined>) => {
      setBusy(true);
      setRefusal(undefined);
      try {
        const view = await action();
        if (view) acceptChange(view);
        return true;
      } catch (error) {
        setRefusal(messageOf(error));
        return false;
      } finally {
        setBusy(false);
      }
    },
    [acceptChange],
  );

  const dismissRefusal = useCallback(() => setRefusal(undefined), []);
  const dismissMeetingNotUpdated = useCallback(() => setMeetingNotUpdated(undefined), []);
  return { busy, refusal, dismissRefusal, meetingNotUpdated, dismissMeetingNotUpdated, run, acceptChange };
}
