import { useCallback, useEffect, useState } from 'react';
import { messageOf } from '../api-client';

/** Loads what a section shows, with the reason when it cannot, and a way to load it again. */
export function useOfficerData<T>(load: () => Promise<T>): { data?: T; error?: string; reload: () => void } {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<string>();
  const [round, setRound] = useState(0);

  useEffect(() => {
    let mounted = true;
    setError(undefined);
    load().then(
      (next) => mounted && setData(next),
      (failure: unknown) => mounted && setError(messageOf(failure)),
    );
    return () => {
      mounted = false;
    };
  }, [load, round]);

  return {
    ...(data !== undefined ? { data } : {}),
    ...(error !== undefined ? { error } : {}),
    reload: useCallback(() => setRound((n) => n + 1), []),
  };
}
