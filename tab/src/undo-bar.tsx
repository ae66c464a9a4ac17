import { Button, makeStyles, tokens } from '@fluentui/react-components';
import type { ResidentRow } from '../../bot/api-types';
import { formatTime } from './london-time';
import { residentStatusWords } from './status-words';

const useStyles = makeStyles({
  list: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  item: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS },
});

interface UndoBarProps {
  finished: ResidentRow[];
  now: Date;
  busy: boolean;
  onUndo: (resident: ResidentRow) => void;
}

/**
 * A no-show or not reached can be taken back for a while: it is shown at the top, beside its "Undo", rather
 * than only among the finished, where a councillor who pressed the wrong button would have to look for it.
 */
export function UndoBar({ finished, now, busy, onUndo }: UndoBarProps) {
  const styles = useStyles();
  const undoable = finished.filter((r) => r.undoableUntil !== undefined && Date.parse(r.undoableUntil) > now.getTime());
  if (undoable.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Can be undone">
      {undoable.map((resident) => {
        const words = residentStatusWords(resident);
        return (
          <li key={resident.visitId} className={styles.item}>
            <span>
              {resident.lobbyTag}: {words} at {formatTime(resident.finishedAt!)}. Undo until {formatTime(resident.undoableUntil!)}.
            </span>
            <Button
              size="small"
              aria-label={`Undo ${words.toLowerCase()} ${resident.lobbyTag}`}
              disabledFocusable={busy}
              onClick={() => onUndo(resident)}
            >
              Undo
            </Button>
          </li>
        );
      })}
    </ul>
  );
}
