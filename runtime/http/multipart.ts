/** A call's fields as form data (uploads), files last: the server reads no field after a file. */
export function formData(fields: Record<string, unknown>): FormData {
  const form = new FormData();
  const entries = Object.entries(fields).filter(([, value]) => value !== null && value !== undefined);
  for (const [key, value] of entries) if (!isBlob(value)) form.append(key, typeof value === 'object' ? JSON.stringify(value) : String(value));
  for (const [key, value] of entries) if (isBlob(value)) form.append(key, value, (value as Partial<File>).name || 'file');
  return form;
}
/** True when a top-level param is a file: the call must go as form data. */
export function hasFile(params: object | undefined): boolean {
  return Object.values(params ?? {}).some(isBlob);
}
function isBlob(value: unknown): value is Blob {
  return typeof Blob !== 'undefined' && value instanceof Blob;
}
