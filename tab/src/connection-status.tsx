import { makeStyles, tokens } from '@fluentui/react-components';
import type { StreamState } from './api-client';

const useStyles = makeStyles({
  status: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

const WORDS: Record<Exclude<StreamState, 'open'>, string> = {
  connecting: 'Connecting to live updates…',
  reconnecting: 'Reconnecting…',
};

/** Warns that the queue on screen may be out of date while live updates are not coming through. */
export function ConnectionStatus({ state }: { state: StreamState }) {
  const styles = useStyles();
  return state === 'open' ? null : <p className={styles.status}>{WORDS[state]}</p>;
}
