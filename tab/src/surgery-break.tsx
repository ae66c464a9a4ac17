import { Button, Field, makeStyles, mergeClasses, Select } from '@fluentui/react-components';
import { useId, useState } from 'react';
import type { SurgerySummary } from '../../bot/api-types';
import { formatTime } from './london-time';
import { usePanelStyles } from './panel-styles';

const useStyles = makeStyles({
  start: { alignItems: 'flex-start' },
});

const LENGTHS = [5, 10, 15, 20, 30, 45, 60];

interface SurgeryBreakProps {
  surgery: SurgerySummary;
  busy: boolean;
  onPause: (minutes: number) => void;
  onResume: () => void;
}

/** A break: residents are told when the councillors expect to be back, and told again when they are. */
export function SurgeryBreak({ surgery, busy, onPause, onResume }: SurgeryBreakProps) {
  const styles = useStyles();
  const panel = usePanelStyles();
  const box = mergeClasses(panel.panel, styles.start);
  const [choosing, setChoosing] = useState(false);
  const [minutes, setMinutes] = useState(15);
  const panelId = useId();

  if (surgery.onBreak) {
    return (
      <div className={box} role="group" aria-label="On a break">
        <p>
          <strong>On a break until {formatTime(surgery.onBreak.until)}.</strong> Residents waiting have been told, and nobody is called
          until you resume.
        </p>
        <Button appearance="primary" disabledFocusable={busy} onClick={onResume}>
          Resume surgery
        </Button>
      </div>
    );
  }
  return (
    <>
      <Button aria-expanded={choosing} aria-controls={panelId} onClick={() => setChoosing(!choosing)}>
        Take a break
      </Button>
      {choosing && (
        <div id={panelId} className={box}>
          <Field label="How long?">
            <Select value={String(minutes)} onChange={(_event, data) => setMinutes(Number(data.value))}>
              {LENGTHS.map((length) => (
                <option key={length} value={length}>
                  {length} minutes
                </option>
              ))}
            </Select>
          </Field>
          <p>Everyone waiting is told when you expect to be back, and their estimated times move on by the break.</p>
          <div className={panel.buttons}>
            <Button
              appearance="primary"
              disabledFocusable={busy}
              onClick={() => {
                setChoosing(false);
                onPause(minutes);
              }}
            >
              Start break
            </Button>
            <Button onClick={() => setChoosing(false)}>Cancel</Button>
          </div>
        </div>
      )}
    </>
  );
}
