import path from 'node:path';
import ts from 'typescript';

/*
 * The project's own modules and what each imports from which, read from the TypeScript program that
 * tsconfig.json describes. Type-only imports count like any other: a cycle of types is still a cycle.
 */

export const ROOT = path.resolve(__dirname, '..', '..');

/** An import of a project module: the names it takes, or '*' for all of them (import * as, export *). */
export interface ModuleImport {
  from: string;
  to: string;
  names: string[];
}

/** Something a module exports; a type its own file also uses is most likely part of another export's signature. */
export interface ModuleExport {
  name: string;
  typeOnly: boolean;
  usedInItsFile: boolean;
}

export interface ImportGraph {
  /** Project files, relative to ROOT with forward slashes. */
  files: string[];
  imports: ModuleImport[];
  exportsOf(file: string): ModuleExport[];
}

const relative = (file: string) => path.relative(ROOT, file).split(path.sep).join('/');

export function readImportGraph(): ImportGraph {
  const configFile = ts.findConfigFile(ROOT, ts.sys.fileExists, 'tsconfig.json')!;
  const config = ts.getParsedCommandLineOfConfigFile(configFile, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined })!;
  const program = ts.createProgram(config.fileNames, config.options);
  const checker = program.getTypeChecker();
  const ours = program.getSourceFiles().filter((file) => !file.isDeclarationFile && !file.fileName.includes('/node_modules/'));

  const resolve = (specifier: string, from: string): string | undefined => {
    const resolved = ts.resolveModuleName(specifier, from, config.options, ts.sys).resolvedModule?.resolvedFileName;
    return resolved && !resolved.includes('/node_modules/') && !resolved.endsWith('.d.ts') ? relative(resolved) : undefined;
  };

  const imports: ModuleImport[] = [];
  for (const file of ours) {
    for (const statement of file.statements) {
      const found = importOf(statement);
      const to = found && resolve(found.specifier, file.fileName);
      if (found && to) imports.push({ from: relative(file.fileName), to, names: found.names });
    }
  }

  const byName = new Map(ours.map((file) => [relative(file.fileName), file]));
  return {
    files: [...byName.keys()],
    imports,
    exportsOf(file) {
      const source = byName.get(file)!;
      const symbol = checker.getSymbolAtLocation(source);
      // A name passed on from another module (export type * from) is judged in the module that declares it.
      const declaredHere = (exported: ts.Symbol) => exported.declarations?.some((declaration) => declaration.getSourceFile() === source);
      return (symbol ? checker.getExportsOfModule(symbol) : []).filter(declaredHere).map((exported) => ({
        name: exported.name,
        typeOnly: (exported.flags & ts.SymbolFlags.Value) === 0,
        usedInItsFile: (source.text.match(new RegExp(`\\b${exported.name}\\b`, 'g')) ?? []).length > 1,
      }));
    },
  };
}

function importOf(statement: ts.Statement): { specifier: string; names: string[] } | undefined {
  if (ts.isImportDeclaration(statement) && ts.isStringLiteral(statement.moduleSpecifier)) {
    const clause = statement.importClause;
    const names: string[] = [];
    if (clause?.name) names.push('default');
    const bindings = clause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) names.push('*');
    if (bindings && ts.isNamedImports(bindings))
      names.push(...bindings.elements.map((element) => (element.propertyName ?? element.name).text));
    return { specifier: statement.moduleSpecifier.text, names };
  }
  if (ts.isExportDeclaration(statement) && statement.moduleSpecifier && ts.isStringLiteral(statement.moduleSpecifier)) {
    const clause = statement.exportClause;
    const names =
      clause && ts.isNamedExports(clause) ? clause.elements.map((element) => (element.propertyName ?? element.name).text) : ['*'];
    return { specifier: statement.moduleSpecifier.text, names };
  }
  if (ts.isImportEqualsDeclaration(statement) && ts.isExternalModuleReference(statement.moduleReference)) {
    const expression = statement.moduleReference.expression;
    return ts.isStringLiteral(expression) ? { specifier: expression.text, names: ['*'] } : undefined;
  }
  return undefined;
}
