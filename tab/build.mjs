// Bundles the councillors' tab into tab/dist, which the server serves at /tab/.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
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
await Promise.all([
  bundle(join(tabDir, 'src', 'index.tsx'), 'app.js'),
  bundle(join(tabDir, 'src', 'officers', 'index.tsx'), 'officers.js'),
  copyFile(join(tabDir, 'index.html'), join(distDir, 'index.html')),
  copyFile(join(tabDir, 'officers.html'), join(distDir, 'officers.html')),
]);
