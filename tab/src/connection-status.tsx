import { makeStyles, tokens } from '@fluentui/react-components';
import type { StreamState } from './api-client';

const useStyles = makeStyles({
  // The line keeps its height once live updates come through, so nothing below it moves under a councillor's
  // pointer as the stream opens (a press that starts on one button and ends on the next reaches neither).
  status: {
    margin: 0,
    minHeight: tokens.lineHeightBase200,
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
  },
});

const WORDS: Record<Exclude<StreamState, 'open'>, string> = {
  connecting: 'Connecting to live updates…',
  reconnecting: 'Reconnecting…',
};

/**
 * Warns that the queue on screen may be out of date while live updates are not coming through. It is a
 * status region that is always there, so a screen reader hears "Reconnecting…" when the stream drops.
 */
export function ConnectionStatus({ state }: { state: StreamState }) {
  const styles = useStyles();
  return (
    <p className={styles.status} role="status">
      {state === 'open' ? '' : WORDS[state]}
    </p>
  );
}
