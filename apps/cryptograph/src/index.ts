export { startStack, type RunningStack } from './start-stack.js';
export { subgraphsOnFreePorts } from './subgraph-addresses.js';
