import { Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import type { ResidentRow } from '../../bot/api-types';
import { formatTime } from './london-time';
import { usePanelStyles } from './panel-styles';

const useStyles = makeStyles({
  below: { marginTop: tokens.spacingVerticalS },
});

interface NoShowConfirmProps {
  resident: ResidentRow;
  now: Date;
  busy: boolean;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * "No-show" asks first: the resident may be in the lobby still, and was promised a time. Before that time
 * has passed, it says so.
 */
export function NoShowConfirm({ resident, now, busy, onConfirm, onCancel }: NoShowConfirmProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const { lobbyTag, admitPromisedBy } = resident;
  const early = admitPromisedBy !== undefined && Date.parse(admitPromisedBy) > now.getTime();
  return (
    <div className={mergeClasses(panel.panel, styles.below)} role="group" aria-label={`Mark ${lobbyTag} as not joining`}>
      {early && (
        <p>
          <strong>It is not {formatTime(admitPromisedBy)} yet.</strong> {lobbyTag} was told a councillor would let them in by{' '}
          {formatTime(admitPromisedBy)}. They may still be joining.
        </p>
      )}
      <p>Mark {lobbyTag} as not joining? They will be told kindly, and can press “I’m here” within 10 minutes to be seen next.</p>
      <div className={panel.buttons}>
        <Button appearance="primary" disabledFocusable={busy} onClick={onConfirm}>
          Yes, mark no-show
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
