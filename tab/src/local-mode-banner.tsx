import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle } from '@fluentui/react-components';

const useStyles = makeStyles({
  // Stays in view while the page scrolls: nobody should mistake a local copy for the real service.
  sticky: { position: 'sticky', top: 0, zIndex: 1 },
});

export function LocalModeBanner() {
  const styles = useStyles();
  return (
    <div className={styles.sticky}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>Local mode — not for production</MessageBarTitle>
        </MessageBarBody>
      </MessageBar>
    </div>
  );
}
