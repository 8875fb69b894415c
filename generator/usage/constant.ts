/**
 * `usage --write FILE`: the app's permission set as a typed constant it imports (for
 * `createScopedClient` and `startMiAuth`), checked against the package's `Permission` union so a
 * permission the server does not know fails to compile. `--check` compares the file with this text.
 */
import { dirname, relative } from 'node:path';
import { literal, terminalLine } from '../emit/safe.js';

/** How `file` imports the package in `packageDir`: a relative path to its index. */
export function relativeSpecifier(file: string, packageDir: string): string {
  const path = relative(dirname(file), `${packageDir}/index.js`).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

export function permissionsModule(permissions: readonly string[], specifier: string, command: string): string {
  const items = permissions.map((p) => `  ${literal(p)},`).join('\n');
  return [
    // The command names the user's paths: kept on the comment's one line, hidden characters shown.
    `// Written by \`${terminalLine(command)}\`: the permissions this app's calls need. Do not edit: run it again.`,
    `import type { Permission } from ${literal(specifier)};`,
    '',
    `export const appPermissions = [${items ? `\n${items}\n` : ''}] as const satisfies readonly Permission[];`,
    '',
  ].join('\n');
}
