import { Button, Link, makeStyles, Spinner, tokens } from '@fluentui/react-components';
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ResidentRow, SurgeryChanged } from '../../bot/api-types';
import {
  admit,
  admitNext,
  cancelSurgery,
  endSurgery,
  markFollowUpDone,
  markJoined,
  markNoShow,
  markNotReached,
  markSeen,
  messageResident,
  openSurgery,
  postCaseUpdate,
  pauseSurgery,
  reopenSurgery,
  resumeSurgery,
  ApiRefusal,
  undoVisit,
} from './api-client';
import { FollowUps } from './follow-ups';
import { AddResident } from './add-resident';
import { CalledNotice } from './called-notice';
import { ConnectionStatus } from './connection-status';
import { CouncillorsOnly } from './councillors-only';
import { FinishedSection } from './finished-section';
import { LiveAnnouncer } from './live-announcer';
import { QueueCounts } from './queue-counts';
import type { ResidentHandlers } from './resident-actions';
import { ResidentList } from './resident-list';
import { RefusalBar } from './refusal-bar';
import { MeetingNoticeBar } from './meeting-notice';
import { MeetingNotUpdatedBar } from './meeting-not-updated';
import { StageNoticesRefusedBar } from './stage-notices-refused';
import { MeetingApisRefusedBar } from './meeting-apis-refused';
import { MeetingPendingBar } from './meeting-pending';
import { markBookingMissed } from './api-client';
import { SlotTimeline } from './slot-timeline';
import { SurgeryHeader } from './surgery-header';
import { residentsToTell } from './cancel-surgery';
import { SurgerySummarySection } from './surgery-summary';
import { UndoBar } from './undo-bar';
import { useArrivalAnnouncements } from './use-arrival-announcements';
import { useNow } from './use-now';
import { useQueue } from './use-queue';
import { useQueueActions } from './use-queue-actions';

const useStyles = makeStyles({
  panel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  back: { alignSelf: 'flex-start' },
  // Empty message regions stay in the page for screen readers; grouped, they take up one gap, not three.
  messages: { display: 'flex', flexDirection: 'column' },
  admitNext: { width: '100%' },
});

const TICK_MS = 15_000;

interface QueuePanelProps {
  surgeryId: string;
  /** Back to the list of surgeries; not offered in a meeting, whose panel shows its own surgery. */
  onBack?: () => void;
}

export function QueuePanel({ surgeryId, onBack }: QueuePanelProps) {
  const styles = useStyles();
  const { view, loadError, councillorsOnly, connection, accept } = useQueue(surgeryId);
  const { busy, refusal, dismissRefusal, meetingNotUpdated, dismissMeetingNotUpdated, run, acceptChange } = useQueueActions(accept);
  const announcement = useArrivalAnnouncements(view);
  const now = useNow(TICK_MS);
  const [called, setCalled] = useState<ResidentRow>();
  const dismissCalled = useCallback(() => setCalled(undefined), []);
  const admitNextButton = useRef<HTMLButtonElement>(null);
  const queueHeading = useRef<HTMLHeadingElement>(null);
  const [actionsDone, setActionsDone] = useState(0);
  const [openEarly, setOpenEarly] = useState<string>();

  // An action often removes the button that was pressed (Confirm seen moves the resident to Finished),
  // which would drop keyboard focus to the top of the page. Put it somewhere useful instead.
  useEffect(() => {
    if (actionsDone > 0 && (document.activeElement === null || document.activeElement === document.body)) {
      (admitNextButton.current ?? queueHeading.current)?.focus();
    }
  }, [actionsDone]);

  // A reminder about an earlier call would mislead once the councillor has moved on.
  const act = (action: () => Promise<SurgeryChanged | undefined>): Promise<boolean> => {
    setCalled(undefined);
    return run(action).then((done) => {
      setActionsDone((count) => count + 1);
      return done;
    });
  };

  const handlers: ResidentHandlers = {
    admit: (resident) =>
      void act(async () => {
        const next = await admit(surgeryId, resident.visitId);
        setCalled(resident);
        return next;
      }),
    joined: (resident) => void act(() => markJoined(surgeryId, resident.visitId)),
    noShow: (resident) => void act(() => markNoShow(surgeryId, resident.visitId)),
    seen: (resident, record) => void act(() => markSeen(surgeryId, resident.visitId, record)),
    message: (resident, message) => act(() => messageResident(surgeryId, resident.visitId, message)),
    notReached: (resident) => void act(() => markNotReached(surgeryId, resident.visitId)),
  };

  // Before its day the server asks first, saying which day the surgery is on; the councillor answers here.
  const open = (confirmEarly: boolean): void =>
    void act(async () => {
      try {
        const opened = await openSurgery(surgeryId, confirmEarly);
        setOpenEarly(undefined);
        return opened;
      } catch (error) {
        if (!(error instanceof ApiRefusal) || error.code !== 'SURGERY.TOO_EARLY') throw error;
        setOpenEarly(error.message);
        return undefined;
      }
    });

  const callNext = (): void =>
    void act(async () => {
      const result = await admitNext(surgeryId);
      setCalled(result.called);
      return result.view;
    });

  return (
    <div className={styles.panel}>
      {onBack && (
        <Link
          className={styles.back}
          href="?"
          onClick={(event) => {
            event.preventDefault();
            onBack();
          }}
        >
          All surgeries
        </Link>
      )}
      <LiveAnnouncer message={announcement} />
      {councillorsOnly ? <CouncillorsOnly /> : loadError && <RefusalBar message={loadError} />}
      {!view && !loadError && <Spinner label="Loading the queue…" />}
      {view && (
        <>
          <SurgeryHeader
            surgery={view.surgery}
            publicPageUrl={view.publicPageUrl}
            busy={busy}
            onOpen={open}
            openEarly={openEarly}
            onKeepClosed={() => setOpenEarly(undefined)}
            onPause={(minutes) => act(() => pauseSurgery(surgeryId, minutes))}
            onResume={() => act(() => resumeSurgery(surgeryId))}
            onEnd={() => act(() => endSurgery(surgeryId))}
            onReopen={() => act(() => reopenSurgery(surgeryId))}
            onCancel={(message) => act(() => cancelSurgery(surgeryId, message))}
            onChanged={acceptChange}
            residentsToTell={residentsToTell(view)}
            now={now}
          />
          <div className={styles.messages}>
            <ConnectionStatus state={connection} />
            <RefusalBar message={refusal} onDismiss={dismissRefusal} />
            <CalledNotice resident={called} onDismiss={dismissCalled} />
            <MeetingNoticeBar notice={view.meetingNotice} />
            <MeetingNotUpdatedBar message={meetingNotUpdated} onDismiss={dismissMeetingNotUpdated} />
            <MeetingPendingBar pending={view.meetingPending} />
            <StageNoticesRefusedBar refusedAt={view.stageNoticesRefusedAt} />
            <MeetingApisRefusedBar refusedAt={view.meetingApisRefusedAt} />
          </div>
          <UndoBar
            finished={view.finished}
            now={now}
            busy={busy}
            onUndo={(resident) => act(() => undoVisit(surgeryId, resident.visitId))}
          />
          {view.surgery.status === 'open' && !view.surgery.onBreak && (
            <Button
              ref={admitNextButton}
              className={styles.admitNext}
              appearance="primary"
              size="large"
              disabledFocusable={busy}
              onClick={callNext}
            >
              Admit next
            </Button>
          )}
          {view.surgery.status === 'open' && (
            <AddResident
              surgeryId={surgeryId}
              onAdded={(next) => {
                setCalled(undefined);
                accept(next);
              }}
            />
          )}
          <QueueCounts active={view.active} />
          <ResidentList view={view} now={now} handlers={handlers} busy={busy} headingRef={queueHeading} />
          {view.slots && (
            <SlotTimeline slots={view.slots} busy={busy} onMarkMissed={(bookingId) => act(() => markBookingMissed(surgeryId, bookingId))} />
          )}
          {view.surgery.status === 'ended' && (
            <FollowUps
              surgeryId={surgeryId}
              changedAt={view.generatedAt}
              busy={busy}
              onCaseUpdate={(followUp, update) => act(() => postCaseUpdate(surgeryId, followUp.visitId, update))}
              onDone={(followUp) => act(() => markFollowUpDone(surgeryId, followUp.visitId))}
            />
          )}
          <FinishedSection
            finished={view.finished}
            busy={busy}
            onCaseUpdate={(resident, update) => act(() => postCaseUpdate(surgeryId, resident.visitId, update))}
          />
          <SurgerySummarySection surgery={view.surgery} changedAt={view.generatedAt} />
        </>
      )}
    </div>
  );
}
