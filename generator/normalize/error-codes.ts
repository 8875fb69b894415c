/**
 * An endpoint's error codes live in the examples of its error responses. The status key they are
 * listed under is documentation only (NO_SUCH_USER is listed under 400 but arrives as 404), so the
 * status kept is the example's own `httpStatusCode` when it has one.
 */
import { isObject } from '../model/json.js';
import { childPointer as child } from '../model/refs.js';
import type { ApiErrorInfo, Warning } from '../model/types.js';

export function collectErrors(responses: Record<string, unknown>, where: string, warnings: Warning[]): ApiErrorInfo[] {
  const byCode = new Map<string, ApiErrorInfo>();
  for (const status of Object.keys(responses).sort()) {
    if (/^2/.test(status)) continue;
    const examples = jsonContent(responses[status])?.['examples'];
    if (examples === undefined) continue;
    if (!isObject(examples)) {
      warnings.push({ pointer: child(where, status), message: 'error examples are not an object; ignored' });
      continue;
    }
    for (const [key, example] of Object.entries(examples)) {
      const error = isObject(example) && isObject(example['value']) ? example['value']['error'] : undefined;
      if (!isObject(error) || typeof error['code'] !== 'string' || error['code'] === '') {
        warnings.push({ pointer: child(where, status, 'content', 'application/json', 'examples', key), message: 'error example without a string `error.code`; ignored' });
        continue;
      }
      const code = error['code'];
      if (byCode.has(code)) continue;
      const info: ApiErrorInfo = {
        code,
        id: typeof error['id'] === 'string' ? error['id'] : '',
        message: typeof error['message'] === 'string' ? error['message'] : '',
      };
      if (typeof error['kind'] === 'string') info.kind = error['kind'];
      const real = error['httpStatusCode'];
      const statusNumber = typeof real === 'number' ? real : Number(status);
      if (Number.isInteger(statusNumber)) info.status = statusNumber;
      byCode.set(code, info);
    }
  }
  return [...byCode.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function jsonContent(response: unknown): Record<string, unknown> | undefined {
  if (!isObject(response) || !isObject(response['content'])) return undefined;
  const json = response['content']['application/json'];
  return isObject(json) ? json : undefined;
}
