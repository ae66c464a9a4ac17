import { makeStyles, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  heading: { margin: 0, fontSize: tokens.fontSizeBase500, lineHeight: tokens.lineHeightBase500 },
});

/** A page with nothing but a sentence: why there is nothing else to see here. */
export function PlainNotice({ message, note }: { message: string; note?: string }) {
  const styles = useStyles();
  return (
    <>
      <h1 className={styles.heading}>Surgery queue</h1>
      <p>{message}</p>
      {note && <p>{note}</p>}
    </>
  );
}

/** What anyone but the surgery's councillors sees: no names, no issues, nothing about residents. */
export function CouncillorsOnly({ note }: { note?: string }) {
  return <PlainNotice message="This panel is for the councillors running this surgery." {...(note ? { note } : {})} />;
}
