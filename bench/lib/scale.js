/**
 * Synthetic specs N× the size of a real one, for the scaling measurement: every endpoint and every
 * component schema is duplicated under a new name (`/copy2/notes/create`, `NoteCopy2`), and each
 * copy's references point at its own copies, so the result has N× the endpoints, schemas and
 * reference edges and exercises the generator exactly as a bigger fork's spec would.
 */

const SCHEMA_REF = '#/components/schemas/';

/** Deep copy of `value` in which every reference `#/components/schemas/X` becomes `#/components/schemas/X<suffix>`. */
function renameRefs(value, suffix) {
  if (typeof value === 'string') return value.startsWith(SCHEMA_REF) ? value + suffix : value;
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, suffix));
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = renameRefs(v, suffix);
    return out;
  }
  return value;
}

/** The operation of a copied endpoint: its name (summary, operationId) carries the copy's prefix. */
function renameOperation(op, prefix) {
  if (op === null || typeof op !== 'object') return op;
  const out = { ...op };
  if (typeof out.operationId === 'string') out.operationId = out.operationId.replace(/^(post|get)___/, `$1___${prefix}___`);
  if (typeof out.summary === 'string') out.summary = `${prefix}/${out.summary}`;
  return out;
}

/** `factor` copies in all (1 = the document itself, unchanged). */
export function scaleSpec(document, factor) {
  if (!Number.isInteger(factor) || factor < 1) throw new RangeError('factor must be an integer ≥ 1');
  const paths = document.paths ?? {};
  const schemas = document.components?.schemas ?? {};
  const outPaths = { ...paths };
  const outSchemas = { ...schemas };
  for (let k = 2; k <= factor; k++) {
    const prefix = `copy${k}`;
    const suffix = `Copy${k}`;
    for (const [path, item] of Object.entries(paths)) {
      const copied = renameRefs(item, suffix);
      for (const method of ['post', 'get']) if (copied[method]) copied[method] = renameOperation(copied[method], prefix);
      outPaths[`/${prefix}${path}`] = copied;
    }
    for (const [name, schema] of Object.entries(schemas)) outSchemas[`${name}${suffix}`] = renameRefs(schema, suffix);
  }
  return {
    ...document,
    info: { ...document.info, title: `${document.info?.title ?? 'API'} (synthetic ×${factor})` },
    paths: outPaths,
    components: { ...document.components, schemas: outSchemas },
  };
}

/** Every `#/components/schemas/X` reference in `document` that names no schema (empty when the copy is sound). */
export function danglingRefs(document) {
  const schemas = document.components?.schemas ?? {};
  const missing = new Set();
  const walk = (value) => {
    if (typeof value === 'string') {
      if (value.startsWith(SCHEMA_REF) && !(value.slice(SCHEMA_REF.length) in schemas)) missing.add(value);
    } else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  walk(document);
  return [...missing].sort();
}
