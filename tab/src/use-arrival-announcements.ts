import { useEffect, useRef, useState } from 'react';
import type { QueueView } from '../../bot/api-types';

/** Text for a live region: who has joined the queue since the view was first shown. */
export function useArrivalAnnouncements(view: QueueView | undefined): string {
  const known = useRef<Set<string>>(undefined);
  const [announcement, setAnnouncement] = useState('');

  useEffect(() => {
    if (!view) return;
    const everyone = [...view.active, ...view.finished];
    if (known.current) {
      const seenBefore = known.current;
      const arrivals = view.active.filter((resident) => !seenBefore.has(resident.visitId));
      if (arrivals.length > 0) setAnnouncement(arrivals.map((resident) => `${resident.lobbyTag} joined the queue`).join('. '));
    }
    known.current = new Set(everyone.map((resident) => resident.visitId));
  }, [view]);

  return announcement;
}
