import { readFileSync } from 'node:fs';
import path from 'node:path';
import { readBicep, resourceBody, valuesOf } from './bicep-reader';

/*
 * One Node.js everywhere: what package.json asks for, the build npm scripts run on (the `node` package),
 * and what the App Service runs. README's "Node.js 22" section explains how the pieces fit.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  engines: { node: string };
  devDependencies: Record<string, string>;
  allowScripts: Record<string, boolean>;
};
const major = (version: string) => Number(/(\d+)/.exec(version)![1]);

describe('Node.js 22 LTS', () => {
  it('When the tests run, then they run on the Node.js that package.json pins, whatever the machine has', () => {
    expect(process.version).toBe(`v${pkg.devDependencies.node}`);
    expect(major(process.version)).toBe(22);
  });

  it('When package.json is read, then its engines ask for that Node.js line, and only its install script may run', () => {
    expect(pkg.engines.node).toBe('>=22.12 <23');
    expect(Object.entries(pkg.allowScripts).filter(([, allowed]) => allowed)).toEqual([['node', true]]);
  });

  it('When the App Service is read, then it runs the same Node.js line', () => {
    const file = readBicep(readFileSync(path.join(ROOT, 'infra', 'azure.bicep'), 'utf8'));
    expect(valuesOf(file, resourceBody(file, 'webApp'), 'linuxFxVersion')).toEqual([`NODE|${major(process.version)}-lts`]);
  });
});
