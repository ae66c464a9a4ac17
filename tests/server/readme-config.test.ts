import { readFileSync } from 'node:fs';
import { README, configurationTable, readmeTable } from '../../scripts/config-doc';

describe('README configuration table', () => {
  it('When a setting is added or changed in bot/config.ts, then README lists it the same way (npm run config:doc)', () => {
    expect(readmeTable(readFileSync(README, 'utf8'))).toBe(configurationTable());
  });
});
