/** JSON pointers (RFC 6901), used to say exactly where in the spec a problem is. */
export function pointer(...segments: (string | number)[]): string {
  return '#' + segments.map((s) => '/' + String(s).replace(/~/g, '~0').replace(/\//g, '~1')).join('');
}

export function child(base: string, ...segments: (string | number)[]): string {
  return base + pointer(...segments).slice(1);
}
