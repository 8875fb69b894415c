/** JSON pointers (RFC 6901), used to say exactly where in the spec a problem is. The rule lives with the model. */
export { childPointer as child, pointer } from '../model.js';
