export { openFds } from './openFds.js';
export { type Run, runPlainNode } from './plainNode.js';
export { turns } from './turns.js';
