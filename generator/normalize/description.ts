/**
 * Misskey writes an endpoint's access rules as text inside its description:
 *   **Internal Endpoint**: …
 *   **Credential required**: *Yes* / **Permission**: *write:notes*
 * The permission is written nowhere else, so this is parsed leniently (case, spacing, the Yes/No
 * wording, and the label: forks and older servers also write `**Permissions**`, `**Required
 * permission**` or `**Kind**`, on the credential line or on a line of its own), and the lines are
 * removed from the human text.
 */
export interface AccessLines {
  /** undefined when the description has no credential line. */
  credential: boolean | undefined;
  permission: string | null;
  internal: boolean;
  /** The description without the machine-readable lines and without the "No description provided." filler. */
  text: string;
}

const CREDENTIAL_LINE = /^\s*\*\*\s*credential\s+required\s*\*\*\s*:\s*\*?\s*(yes|no|true|false)\s*\*?(.*)$/i;
const LABEL = String.raw`\*\*\s*(?:required\s+)?(?:permissions?|kind)\s*\*\*\s*:\s*`;
const PERMISSION_PART = new RegExp(LABEL + String.raw`\*?\s*([^*\s]+)\s*\*?`, 'i');
const PERMISSION_LINE = new RegExp(String.raw`^\s*` + LABEL + String.raw`\*?\s*([^*\s]+)\s*\*?\s*$`, 'i');
const INTERNAL_LINE = /^\s*\*\*\s*internal\s+endpoint\s*\*\*/i;
const FILLER = /^\s*no description provided\.?\s*$/i;

export function parseAccessLines(description: string): AccessLines {
  let credential: boolean | undefined;
  let permission: string | null = null;
  let internal = false;
  const kept: string[] = [];
  for (const line of description.split(/\r?\n/)) {
    const cred = CREDENTIAL_LINE.exec(line);
    if (cred) {
      credential = /^(yes|true)$/i.test(cred[1] ?? '');
      permission = PERMISSION_PART.exec(cred[2] ?? '')?.[1] ?? permission;
      continue;
    }
    const own = PERMISSION_LINE.exec(line);
    if (own) {
      permission ??= own[1] ?? null;
      continue;
    }
    if (INTERNAL_LINE.test(line)) {
      internal = true;
      continue;
    }
    if (FILLER.test(line)) continue;
    kept.push(line);
  }
  return { credential, permission, internal, text: kept.join('\n').trim() };
}
