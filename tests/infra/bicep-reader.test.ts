import { arrayAfter, declarations, objectsIn, readBicep, referencedNames, resourceBody, valuesOf } from './bicep-reader';

/* The infra tests are only as good as this reader, so each of its checks is shown to fire here. */

const SAMPLE = `
@description('Base name')
param baseName string
param unusedOne int = 3
var host = '\${baseName}.azurewebsites.net'

resource site 'Microsoft.Web/sites@2023-12-01' = {
  name: baseName
  identity: {
    type: 'UserAssigned'
  }
  properties: {
    siteConfig: {
      appSettings: [
        {
          name: 'HOST'
          value: '0.0.0.0'
        }
        {
          name: 'URL'
          value: 'https://\${host}/api'
        }
      ]
    }
  }
}

output SITE_HOST string = empty(baseName) ? host : missingName
`;

describe('Reading Bicep', () => {
  it('When brackets balance, then no problem is reported', () => {
    expect(readBicep(SAMPLE).problems).toEqual([]);
  });

  it('When a bracket is never closed or closes the wrong one, then the line is given', () => {
    expect(readBicep('var a = {\n  b: [\n}\n').problems).toEqual(['line 3: "}" closes "[" from line 2', 'line 1: "{" is never closed']);
  });

  it('When a string or interpolation never ends, then it is reported', () => {
    expect(readBicep("var a = 'abc\nvar b = 1\n").problems).toEqual(['line 1: string never ends']);
    expect(readBicep("var a = '${b'\n").problems).toContain('line 1: string never ends');
  });

  it('When braces sit inside strings and comments, then they do not count', () => {
    expect(readBicep("// {\nvar a = '{['\n/* ] */\n").problems).toEqual([]);
  });

  it('When names are looked up, then keys, properties, decorators and functions are skipped, and names inside ${…} count', () => {
    const names = referencedNames(readBicep(SAMPLE)).map(({ name }) => name);
    expect(names.sort()).toEqual(['baseName', 'baseName', 'baseName', 'host', 'host', 'missingName']);
  });

  it('When declarations are listed, then params know whether they have a default, and outputs and resources are found', () => {
    const found = declarations(readBicep(SAMPLE));
    expect([...found.params]).toEqual([
      ['baseName', { hasDefault: false }],
      ['unusedOne', { hasDefault: true }],
    ]);
    expect([...found.outputs]).toEqual(['SITE_HOST']);
    expect(found.resources.get('site')).toBe('Microsoft.Web/sites@2023-12-01');
  });

  it('When app settings are read, then each object gives its name and its value as written', () => {
    const file = readBicep(SAMPLE);
    const settings = objectsIn(arrayAfter(resourceBody(file, 'site'), 'appSettings')).map((setting) => [
      valuesOf(file, setting, 'name')[0],
      valuesOf(file, setting, 'value')[0],
    ]);
    expect(settings).toEqual([
      ['HOST', '0.0.0.0'],
      ['URL', "'https://${host}/api'"],
    ]);
    expect(valuesOf(file, resourceBody(file, 'site'), 'type')).toEqual(['UserAssigned']);
  });
});
