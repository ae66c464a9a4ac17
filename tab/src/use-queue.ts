import { useCallback, useEffect, useState } from 'react';
import type { QueueView } from '../../bot/api-types';
import { getQueue, messageOf, StreamState, watchQueue } from './api-client';

export interface LiveQueue {
  view?: QueueView;
  loadError?: string;
  connection: StreamState;
  /** Shows a view the server returned from an action, unless a newer one has already arrived. */
  accept: (view: QueueView) => void;
}

/** A surgery's queue, kept up to date by the server's stream. Mount afresh (with a React key) for another surgery. */
export function useQueue(surgeryId: string): LiveQueue {
  const [view, setView] = useState<QueueView>();
  const [loadError, setLoadError] = useState<string>();
  const [connection, setConnection] = useState<StreamState>('connecting');

  // An action's reply and the stream can cross in flight; never step back to an older view.
  const accept = useCallback((next: QueueView) => {
    setView((current) => (current && Date.parse(current.generatedAt) > Date.parse(next.generatedAt) ? current : next));
  }, []);

  useEffect(() => {
    let stopWatching: (() => void) | undefined;
    let mounted = true;
    // Load once first so a wrong surgery id gets the server's explanation instead of endless reconnecting.
    getQueue(surgeryId).then(
      (first) => {
        if (!mounted) return;
        accept(first);
        stopWatching = watchQueue(surgeryId, accept, setConnection);
      },
      (error: unknown) => {
        if (mounted) setLoadError(messageOf(error));
      },
    );
    return () => {
      mounted = false;
      stopWatching?.();
    };
  }, [surgeryId, accept]);

  return { view, loadError, connection, accept };
}
