export { shippedBars } from './shipped-bars.js';
export { signedIn, startPredictionsTestSystem, type PredictionsTestSystem } from './predictions-test-system.js';
