export { startStack, type RunningStack } from './start-stack.js';
