import { useCallback, useEffect, useState } from 'react';

// The chosen surgery lives in the address (?surgery=<id>) so a Teams tab can be set up to open it directly.
function surgeryIdInAddress(): string | undefined {
  return new URLSearchParams(window.location.search).get('surgery') || undefined;
}

/** The surgery being shown, and a way to show another (or none, for the list). */
export function useSurgeryId(): [string | undefined, (surgeryId: string | undefined) => void] {
  const [surgeryId, setSurgeryId] = useState(surgeryIdInAddress);

  useEffect(() => {
    const followBackButton = (): void => setSurgeryId(surgeryIdInAddress());
    window.addEventListener('popstate', followBackButton);
    return () => window.removeEventListener('popstate', followBackButton);
  }, []);

  const show = useCallback((next: string | undefined) => {
    const url = new URL(window.location.href);
    if (next === undefined) url.searchParams.delete('surgery');
    else url.searchParams.set('surgery', next);
    window.history.pushState(null, '', url);
    setSurgeryId(next);
  }, []);

  return [surgeryId, show];
}
