import { makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { SurgerySummary } from '../../bot/api-types';
import { listSurgeries, messageOf } from './api-client';
import { RefusalBar } from './refusal-bar';
import { SetUpForm } from './set-up-form';
import { SurgeryList } from './surgery-list';

const useStyles = makeStyles({
  heading: { marginTop: tokens.spacingVerticalS },
});

interface SurgeryChooserProps {
  defaultLengthMinutes: number;
  /** Whether the server can make the surgery's Teams meeting in the councillor's calendar. */
  makesMeetings: boolean;
  onChoose: (surgeryId: string) => void;
}

export function SurgeryChooser({ defaultLengthMinutes, makesMeetings, onChoose }: SurgeryChooserProps) {
  const styles = useStyles();
  const [surgeries, setSurgeries] = useState<SurgerySummary[]>();
  const [loadError, setLoadError] = useState<string>();

  useEffect(() => {
    listSurgeries().then(
      (list) => setSurgeries(list.surgeries),
      (error: unknown) => setLoadError(messageOf(error)),
    );
  }, []);

  return (
    <>
      <h1 className={styles.heading}>Surgeries</h1>
      <h2>Choose a surgery</h2>
      <RefusalBar message={loadError} />
      {surgeries ? <SurgeryList surgeries={surgeries} onChoose={onChoose} /> : !loadError && <Spinner label="Loading surgeries…" />}
      <SetUpForm defaultLengthMinutes={defaultLengthMinutes} makesMeetings={makesMeetings} onSetUp={(surgery) => onChoose(surgery.id)} />
    </>
  );
}
