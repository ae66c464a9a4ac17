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
    sourcemap: true,
    target: 'es2020',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'warning',
  }),
  copyFile(join(tabDir, 'index.html'), join(distDir, 'index.html')),
]);
