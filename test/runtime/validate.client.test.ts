/**
 * Response validation as an app turns it on: the reference package's client (built from the current
 * sources), given `createValidator(resultSchemas)` from its validation.ts, against a local server that answers from
 * the real spec — some endpoints correctly, some with drift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ValidationMismatch } from '../../runtime/validate.js';
import { fromSources } from '../helpers/from-sources.js';
import { startServer } from '../helpers/http-server.js';
import { DRIFT, sampleNote, startDriftServer, type DriftServer } from '../helpers/drift-server.js';

const { ApiError, createClient, createValidator, meta, notesGlobalTimeline, notesLocalTimeline, ping, ResponseValidationError, serverInfo, stats } =
  await fromSources<typeof import('../../generated/misskey-2026.7.0/index.js')>('index.ts');
type ResponseValidationError = InstanceType<typeof ResponseValidationError>;
const { resultSchemas } = await fromSources<typeof import('../../generated/misskey-2026.7.0/validation.js')>('validation.ts');

const TOKEN = 'tok-validation-SECRET-0123456789';
let server: DriftServer;
beforeAll(async () => {
  server = await startDriftServer({ drift: true });
});
afterAll(() => server.close());

/** Every endpoint the drift server answers that these tests call: three drift, three do not (two add fields). */
async function callAll(client: Parameters<typeof meta>[0]): Promise<unknown[]> {
  return [
    await meta(client),
    await ping(client),
    await serverInfo(client),
    await notesGlobalTimeline(client),
    await notesLocalTimeline(client),
    await stats(client),
  ];
}

const strip = (ms: readonly ValidationMismatch[]) => ms.map(({ endpoint, path, expected, actual }) => ({ endpoint, path, expected, actual }));

describe('validation in report mode', () => {
  it('reports exactly the drifted fields, with endpoint, path, expected and actual; extra fields are not reported', async () => {
    const found: ValidationMismatch[] = [];
    const client = createClient({
      origin: server.origin,
      token: TOKEN,
      validate: createValidator(resultSchemas, { onMismatch: (ms) => found.push(...ms) }),
    });
    const results = await callAll(client);
    expect(strip(found)).toEqual(DRIFT);
    // Report mode hands the caller the response as it came.
    expect((results[4] as { user: { username: unknown } }[])[1]?.user.username).toBeNull();
    expect(found.every((m) => !('value' in m))).toBe(true);
  });

  it('reports one mismatch per drifted element of a 100-item array, and nothing for conforming ones', async () => {
    const local = await startServer({
      '/api/notes/local-timeline': {
        body: Array.from({ length: 100 }, (_, i) => ({
          ...sampleNote(),
          id: `n${i}`,
          visibility: i % 25 === 0 ? 'limited' : 'public',
        })),
      },
    });
    try {
      const found: ValidationMismatch[] = [];
      const client = createClient({ origin: local.origin, validate: createValidator(resultSchemas, { onMismatch: (ms) => found.push(...ms) }) });
      await notesLocalTimeline(client);
      expect(found.map((m) => m.path)).toEqual(['$[0].visibility', '$[25].visibility', '$[50].visibility', '$[75].visibility']);
    } finally {
      await local.close();
    }
  });
});

describe('validation in throw mode', () => {
  it('rejects drifted calls with ResponseValidationError (not an ApiError) and lets conforming ones through', async () => {
    const client = createClient({ origin: server.origin, token: TOKEN, validate: createValidator(resultSchemas, { mode: 'throw' }) });
    await expect(ping(client)).resolves.toMatchObject({ pong: expect.any(Number) });
    await expect(meta(client)).resolves.toMatchObject({ version: '2026.7.0' });
    const error = await notesLocalTimeline(client).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect(error).not.toBeInstanceOf(ApiError);
    const e = error as ResponseValidationError;
    expect(e.endpoint).toBe('notes/local-timeline');
    expect(strip(e.mismatches)).toEqual(DRIFT.filter((d) => d.endpoint === 'notes/local-timeline'));
    expect(e.message).toBe('notes/local-timeline: response does not match the spec: $[1].user.username: expected string, got null');
    await expect(stats(client)).rejects.toThrow(/\$\.notesCount: expected a required property, got missing/);
  });
});

describe('validation off', () => {
  it('with no validator, or mode off, nothing is checked and drifted responses come back as sent', async () => {
    for (const client of [
      createClient({ origin: server.origin, token: TOKEN }),
      createClient({ origin: server.origin, token: TOKEN, validate: createValidator(resultSchemas, { mode: 'off', onMismatch: () => expect.fail('off reports') }) }),
    ]) {
      const [, , , global, local, s] = await callAll(client);
      expect((local as { user: { username: unknown } }[])[1]?.user.username).toBeNull();
      expect((global as { visibility: string }[])[0]?.visibility).toBe('limited');
      expect(s).not.toHaveProperty('notesCount');
    }
  });

  it('refuses a validate option that is not a validator (a schemas object passed by mistake)', () => {
    expect(() => createClient({ origin: server.origin, validate: resultSchemas as never })).toThrow(/createValidator/);
  });
});

describe('the token', () => {
  it('never appears in a mismatch, even when the server echoes it into a drifted field and values are asked for', async () => {
    const local = await startServer({
      '/api/notes/local-timeline': { body: [{ ...sampleNote(), visibility: `x${TOKEN}x` }] },
    });
    try {
      const found: ValidationMismatch[] = [];
      const client = createClient({
        origin: local.origin,
        token: TOKEN,
        validate: createValidator(resultSchemas, { includeValues: true, onMismatch: (ms) => found.push(...ms) }),
      });
      await notesLocalTimeline(client);
      expect(found).toHaveLength(1);
      expect(found[0]).toMatchObject({ path: '$[0].visibility', actual: '"x[redacted]x"', value: 'x[redacted]x' });
      const thrown = await notesLocalTimeline(
        createClient({ origin: local.origin, token: TOKEN, validate: createValidator(resultSchemas, { mode: 'throw', includeValues: true }) }),
      ).catch((e: unknown) => e);
      expect(thrown).toBeInstanceOf(ResponseValidationError);
      expect(JSON.stringify(thrown) + String(thrown) + JSON.stringify((thrown as ResponseValidationError).mismatches)).not.toContain(TOKEN);
    } finally {
      await local.close();
    }
  });
});

