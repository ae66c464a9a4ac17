// Bundles the councillors' tab into tab/dist, which the server serves at /tab/.
import { build } from 'esbuild';
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const tabDir = dirname(fileURLToPath(import.meta.url));
const distDir = join(tabDir, 'dist');

await mkdir(distDir, { recursive: true });
await Promise.all([
  build({
    entryPoints: [join(tabDir, 'src', 'index.tsx')],
    outfile: join(distDir, 'app.js'),
    bundle: true,
    format: 'iife',
    jsx: 'automatic',
    minify: true,
    // The map is written beside the bundle but not named in it: the server serves it, and points to it, in local mode only.
    sourcemap: 'external',
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  }),
  copyFile(join(tabDir, 'index.html'), join(distDir, 'index.html')),
]);
