// Bundles the councillors' tab into tab/dist, which the server serves at /tab/.
import { build } from 'esbuild';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tabDir = dirname(fileURLToPath(import.meta.url));
const distDir = join(tabDir, 'dist');

await mkdir(distDir, { recursive: true });
// The councillors' tab, and the officers' page (a personal tab in Teams, /officers/ in local mode).
const bundle = (entry, outfile) =>
  build({
    entryPoints: [entry],
    outfile: join(distDir, outfile),
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    // The map is written beside the bundle but not named in it: the server serves it, and points to it, in local mode only.
    sourcemap: 'external',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  });
// Both pages share one head (reduced motion, viewport), so they are written from one template.
const template = await readFile(join(tabDir, 'page.html'), 'utf8');
const page = (name, fields) =>
  writeFile(
    join(distDir, name),
    template.replace(/\{\{(\w+)\}\}/g, (_, key) => fields[key].replace(/&/g, '&amp;').replace(/</g, '&lt;')),
  );
await Promise.all([
  bundle(join(tabDir, 'src', 'index.tsx'), 'app.js'),
  bundle(join(tabDir, 'src', 'officers', 'index.tsx'), 'officers.js'),
  page('index.html', {
    title: 'Surgery queue',
    script: 'app.js',
    noscript: 'The surgery queue needs JavaScript. Turn it on and reload the page.',
  }),
  page('officers.html', {
    title: "Officers' page: Surgery queue",
    script: '/tab/officers.js',
    noscript: "The officers' page needs JavaScript. Turn it on and reload the page.",
  }),
]);
