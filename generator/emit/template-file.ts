/**
 * A template (templates/*.ts), with its slots filled for this server (the mechanism: ../assets.ts).
 * channels.ts declares `type AbsentChannels = never;` and leaves those out of `Channels`; the
 * channels this server lacks go there, so subscribing to one is a type error instead of the silence
 * a server answers an unknown channel with.
 */
import { fillSlot } from '../assets.js';
import type { ApiModel } from '../model/types.js';
import { typeAlias } from './layout.js';
import { literal } from './safe.js';

export function emitTemplateFile(model: ApiModel, template: string): string {
  if (model.absentChannels.length === 0) return template;
  return fillSlot(template, 'AbsentChannels', typeAlias('type AbsentChannels', model.absentChannels.map(literal)));
}
