import { useCallback, useEffect, useRef, useState } from 'react';
import type { QueueView } from '../../bot/api-types';
import { getQueue, isForOthers, messageOf, StreamState, watchQueue } from './api-client';

export interface LiveQueue {
  view?: QueueView;
  loadError?: string;
  /** The server said the queue is only for this surgery's councillors. */
  councillorsOnly: boolean;
  connection: StreamState;
  /** Shows a view the server returned from an action, unless a newer one has already arrived. */
  accept: (view: QueueView) => void;
}

/** A surgery's queue, kept up to date by the server's stream. Mount afresh (with a React key) for another surgery. */
export function useQueue(surgeryId: string): LiveQueue {
  const [view, setView] = useState<QueueView>();
  const [loadError, setLoadError] = useState<string>();
  const [councillorsOnly, setCouncillorsOnly] = useState(false);
  const [connection, setConnection] = useState<StreamState>('connecting');

  // An action's reply and the stream can cross in flight; never step back to an older view.
  const accept = useCallback((next: QueueView) => {
    setView((current) => (current && Date.parse(current.generatedAt) > Date.parse(next.generatedAt) ? current : next));
  }, []);

  // The server makes a change the Teams meeting does not show yet as its organiser calls; a tab open on the
  // stream calls once for each such change, so the organiser's open panel is enough.
  const askedAbout = useRef(new Set<string>());
  const pendingId = view?.meetingPending?.id;
  useEffect(() => {
    if (pendingId === undefined || askedAbout.current.has(pendingId)) return;
    askedAbout.current.add(pendingId);
    getQueue(surgeryId).then(accept, () => undefined);
  }, [surgeryId, pendingId, accept]);

  useEffect(() => {
    let stopWatching: (() => void) | undefined;
    let mounted = true;
    // Load once first so a wrong surgery id gets the server's explanation instead of endless reconnecting.
    getQueue(surgeryId).then(
      (first) => {
        if (!mounted) return;
        if (first.meetingPending) askedAbout.current.add(first.meetingPending.id);
        accept(first);
        stopWatching = watchQueue(surgeryId, accept, setConnection);
      },
      (error: unknown) => {
        if (!mounted) return;
        setLoadError(messageOf(error));
        setCouncillorsOnly(isForOthers(error));
      },
    );
    return () => {
      mounted = false;
      stopWatching?.();
    };
  }, [surgeryId, accept]);

  return { view, loadError, councillorsOnly, connection, accept };
}
