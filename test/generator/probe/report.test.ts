/** The probe's report prints what a server and its spec say: nothing in it may drive the terminal or hide characters. */
import { describe, expect, it } from 'vitest';
import { formatJson, formatText } from '../../../generator/probe/report.js';
import type { ProbeReport } from '../../../generator/probe/run.js';

const EVIL = 'x\u001b[2J\u001b[H\u202eevil\r\nfake line';

function report(): ProbeReport {
  return {
    origin: 'http://127.0.0.1:1',
    server: { software: `fork${EVIL}`, version: '1.0' },
    authenticated: false,
    ok: false,
    counts: { called: 2, passed: 0, mismatched: 1, failed: 1, notAllowed: 0, skipped: 0 },
    results: [
      { endpoint: `notes/${EVIL}`, status: 'failed', authenticated: false, params: {}, ms: 1, mismatches: [], error: { kind: 'api', code: `CODE${EVIL}`, message: `server says ${EVIL}` } },
      {
        endpoint: 'meta',
        status: 'mismatched',
        authenticated: false,
        params: {},
        ms: 1,
        mismatches: [{ path: `$.name${EVIL}`, message: `expected string${EVIL}`, value: EVIL }],
      },
    ],
    skipped: [],
  } as unknown as ProbeReport;
}

const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

describe('probe report', () => {
  it('text: server and spec text cannot move the cursor, clear the screen, reorder or add a line', () => {
    const text = formatText(report());
    expect(text).not.toMatch(RAW);
    expect(text).not.toContain('\nfake line');
    expect(text).toContain('\\u001b[2J');
  });

  it('JSON: the same values, with hidden characters escaped', () => {
    const json = formatJson(report());
    expect(json).not.toMatch(RAW);
    expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(report())));
  });
});
