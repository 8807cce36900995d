/** Event-bus channel of new predictions (one message per created prediction). */
export const predictionCreatedChannel = 'predictions.prediction-created';
