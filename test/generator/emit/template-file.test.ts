/** generator/emit/template-file.ts: a template with its slots filled for one server. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emitTemplateFile } from '../../../generator/emit/template-file.js';
import { model } from '../../helpers/model.js';
import { ROOT } from '../../helpers/specs.js';

const template = readFileSync(join(ROOT, 'templates/channels.ts'), 'utf8');
const withAbsent = (absentChannels: string[], text: string) => emitTemplateFile({ ...model(), absentChannels }, text);

describe('emitTemplateFile', () => {
  it('fills the channels a server lacks into the channel template, and changes nothing else', () => {
    expect(template).toMatch(/^type AbsentChannels = never;$/m);
    expect(template).toMatch(/^export type Channels = Omit<KnownChannels, AbsentChannels>;$/m);
    const filled = withAbsent(['chatRoom', 'chatUser'], template);
    expect(filled).toMatch(/^type AbsentChannels = "chatRoom" \| "chatUser";$/m);
    expect(filled.replace(/^type AbsentChannels = .*$/m, '')).toBe(template.replace(/^type AbsentChannels = .*$/m, ''));
  });

  it('leaves a template as it is when the server has every channel, or when it has no slot', () => {
    expect(withAbsent([], template)).toBe(template);
    expect(withAbsent(['chatUser'], 'export const x = 1;\n')).toBe('export const x = 1;\n');
  });
});
