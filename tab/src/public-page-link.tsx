import { Button, Link, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, margin: 0 },
  url: { overflowWrap: 'anywhere' },
});

/**
 * The surgery's public page, where residents check in or book, with a button that copies its address for a
 * newsletter, a poster or a message. Where the browser will not copy (a Teams client may not allow it), it says to
 * copy the link by hand instead of failing silently.
 */
export function PublicPageLink({ url }: { url: string }) {
  const styles = useStyles();
  const [copied, setCopied] = useState<string>('');

  const copy = () => {
    const done = navigator.clipboard?.writeText(url) ?? Promise.reject(new Error('no clipboard'));
    done.then(
      () => setCopied('Link copied.'),
      () => setCopied('This window cannot copy: select the link above and copy it.'),
    );
  };

  return (
    <>
      <p className={styles.row}>
        Public page:{' '}
        <Link className={styles.url} href={url} target="_blank" rel="noreferrer">
          {url}
        </Link>
        <Button size="small" onClick={copy}>
          Copy link
        </Button>
      </p>
      <p role="status">{copied}</p>
    </>
  );
}
