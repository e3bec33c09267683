export { openFds } from './openFds.js';
export { runPlainNode } from './plainNode.js';
export { turns } from './turns.js';
