import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/*
 * Deploy builds the server with `npm run build` (m365agents.yml) and the App Service runs what it leaves
 * (infra/azure.bicep: node dist/bot/index.js). The build compiles with tsconfig.build.json, which has only
 * Node's types: anything it takes in must compile with those alone.
 */

const ROOT = path.resolve(__dirname, '..', '..');

function compile(outDir: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir],
      { cwd: ROOT, timeout: 300_000 },
      (error, stdout, stderr) => resolve({ code: error ? ((error as { code?: number }).code ?? 1) : 0, output: `${stdout}${stderr}` }),
    );
  });
}

describe('The server as deploy builds it', () => {
  let outDir: string;

  beforeAll(() => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'sq-build-'));
  });

  afterAll(() => {
    rmSync(outDir, { recursive: true, force: true });
  });

  it('When tsconfig.build.json is compiled, then it compiles without an error, leaves the server the App Service runs, and takes in no test code', async () => {
    const { code, output } = await compile(outDir);

    expect(output).toBe('');
    expect(code).toBe(0);
    expect(existsSync(path.join(outDir, 'bot', 'index.js'))).toBe(true);
    expect(existsSync(path.join(outDir, 'tests'))).toBe(false);
    expect(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).toContain('"build": "tsc -p tsconfig.build.json');
  }, 320_000);
});
