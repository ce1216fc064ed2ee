/**
 * `npm run infra:parameters -- <envName>` (default `prod`): infra/azure.parameters.json with its `${{VAR}}` filled
 * from env/.env.<name> (and .user), for `az deployment group create -p @build/azure.parameters.<name>.json`. The
 * Agents Toolkit fills the same file by itself. A variable the deployment needs and that is empty is named.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fillPlaceholders, PackageError, readEnvironment } from './package-app';

const ROOT = join(__dirname, '..');
/** Parameters the Bicep can do without at first (the catalogue id comes after the upload; groups are optional). */
const OPTIONAL = [
  'TEAMS_APP_CATALOG_ID',
  'ORGANISER_GROUP_ID',
  'ROSTER_GROUP_ID',
  'APP_NAME_SUFFIX',
];

export function fillParameters(envName: string, root = ROOT): string {
  const { values } = readEnvironment(join(root, 'env'), envName);
  const filled = fillPlaceholders(
    readFileSync(join(root, 'infra', 'azure.parameters.json'), 'utf8'),
    values,
    {
      allowEmpty: OPTIONAL,
      json: true,
      where: 'infra/azure.parameters.json',
    },
  );
  const out = join(root, 'build', `azure.parameters.${envName}.json`);
  mkdirSync(join(root, 'build'), { recursive: true });
  writeFileSync(out, filled);
  return out;
}

if (require.main === module) {
  const envName = process.argv.slice(2).find((arg) => !arg.startsWith('-')) ?? 'prod';
  try {
    process.stdout.write(`${relative(process.cwd(), fillParameters(envName))}\n`);
  } catch (error) {
    if (!(error instanceof PackageError)) throw error;
    process.stderr.write(`Could not fill the parameters for "${envName}": ${error.message}\n`);
    process.exitCode = 1;
  }
}
