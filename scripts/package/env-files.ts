import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'dotenv';

/*
 * The Agents Toolkit's environment files: env/.env.<name> holds an environment's public values (committed);
 * env/.env.<name>.user holds its secrets (git-ignored) and wins over the first. For names the files list,
 * a value in the process environment wins over both, as when `atk provision` runs our npm script
 * with the outputs it has just made.
 */

export interface Environment {
  name: string;
  /** The file named in messages, relative to the project, e.g. env/.env.dev. */
  file: string;
  values: Record<string, string>;
  /** Variables whose value came from the process environment rather than the files. */
  fromProcess: string[];
}

export type EnvironmentRead = { ok: true; environment: Environment } | { ok: false; problem: string };

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$/;

export function readEnvironment(root: string, name: string, processEnv: Readonly<Record<string, string | undefined>>): EnvironmentRead {
  if (!ENV_NAME.test(name))
    return { ok: false, problem: `"${name}" is not an environment name: use letters, digits, - and _, such as dev or prod.` };
  const file = `env/.env.${name}`;
  const full = path.join(root, file);
  if (!existsSync(full)) {
    return {
      ok: false,
      problem: `${file} does not exist. Copy env/.env.dev to ${file} and put in your council's values (docs/officer-guide.md explains each one).`,
    };
  }
  const values: Record<string, string> = parse(readFileSync(full));
  const userFile = path.join(root, `${file}.user`);
  if (existsSync(userFile)) Object.assign(values, parse(readFileSync(userFile)));
  const fromProcess: string[] = [];
  for (const key of Object.keys(values)) {
    const override = processEnv[key];
    if (override !== undefined && override !== values[key]) {
      values[key] = override;
      fromProcess.push(key);
    }
  }
  // TEAMSFX_ENV is always the environment being built (the Agents Toolkit sets it so too), whatever a copied file says.
  values.TEAMSFX_ENV = name;
  return { ok: true, environment: { name, file, values, fromProcess } };
}
