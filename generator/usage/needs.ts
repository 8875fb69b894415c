/**
 * What the app's uses demand of a token, read from the package's model (endpointMeta and channelMeta
 * as data): the smallest permission set covering them, the uses that need a credential, the internal
 * endpoints (app tokens are refused), and the permissions MiAuth's approval page drops.
 */
import type { ApiModel } from '../model/types.js';
import type { Place, Use } from './types.js';

/**
 * Permissions the MiAuth approval page silently drops on the servers measured
 * (misskey-protocol.md §3, 2026.7.0): a token asked for them does not hold them. Data, so a newer
 * measurement is one line.
 */
export const APPROVAL_PAGE_DROPS: readonly string[] = [
  'read:admin:stream',
  'read:admin:system-webhook',
  'write:admin:system-webhook',
  'read:admin:abuse-report:notification-recipient',
  'write:admin:abuse-report:notification-recipient',
];

/** What one use needs, or why it cannot be judged. */
export interface Need {
  credential: boolean;
  permission: string | null;
  internal: boolean;
}

export interface AppNeeds {
  /** Sorted, without repeats: ready for `auth --permission` and `createScopedClient`. */
  permissions: string[];
  /** Uses that send a credential (a token), with their place. */
  credential: Place[];
  /** Internal endpoints: app tokens are refused, only the official web client's session may call them. */
  internal: { name: string; at: Place }[];
  /** Permissions of the set the approval page drops: a MiAuth token will not hold them. */
  droppedByApproval: string[];
  /** Names the package does not know (a requestUnlisted endpoint, a misspelt channel): nothing can be said of them. */
  unknown: { kind: Use['kind']; name: string; at: Place }[];
  /** Permissions MiAuth calls ask for that no use needs. */
  askedButUnused: string[];
  /** Permissions uses need that a MiAuth call with literal permissions does not ask for. */
  neededButNotAsked: string[];
}

/** The access rule of a use in a model: undefined when the model has no such endpoint or channel; null when the use needs none (a MiAuth call). */
export function needOf(use: Use, model: ApiModel): Need | null | undefined {
  switch (use.kind) {
    case 'function':
    case 'request':
    case 'paginate':
    case 'unlisted':
      return model.endpoints.find((e) => e.name === use.name);
    case 'channel':
      return ruleOfChannel(model, use.name);
    case 'gap-fill': {
      const endpoint = model.channels.find((c) => c.name === use.name)?.timeline?.endpoint;
      return endpoint === undefined ? undefined : model.endpoints.find((e) => e.name === endpoint);
    }
    case 'note-capture':
      // Note capture works on any connection; a connection with a token needs none either.
      return { credential: false, permission: null, internal: false };
    case 'miauth':
      return null;
  }
}

function ruleOfChannel(model: ApiModel, name: string): Need | undefined {
  const channel = model.channels.find((c) => c.name === name);
  return channel ? { credential: channel.credential, permission: channel.permission, internal: false } : undefined;
}

export function appNeeds(uses: readonly Use[], model: ApiModel): AppNeeds {
  const permissions = new Set<string>();
  const credential: Place[] = [];
  const internal: AppNeeds['internal'] = [];
  const unknown: AppNeeds['unknown'] = [];
  for (const use of uses) {
    const need = needOf(use, model);
    if (need === null) continue;
    if (need === undefined) {
      unknown.push({ kind: use.kind, name: use.name, at: use.at });
      continue;
    }
    if (need.permission !== null) permissions.add(need.permission);
    if (need.credential) credential.push(use.at);
    if (need.internal) internal.push({ name: use.name, at: use.at });
  }
  const set = [...permissions].sort();
  const asked = new Set(uses.flatMap((u) => u.permissions ?? []));
  const asking = uses.some((u) => u.permissions !== undefined);
  return {
    permissions: set,
    credential,
    internal,
    droppedByApproval: set.filter((p) => APPROVAL_PAGE_DROPS.includes(p)),
    unknown,
    askedButUnused: [...asked].filter((p) => !permissions.has(p)).sort(),
    neededButNotAsked: asking ? set.filter((p) => !asked.has(p)) : [],
  };
}
