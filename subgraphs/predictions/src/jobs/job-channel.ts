/** Event-bus channel of job snapshots (one message per state change or progress step). */
export const jobUpdatedChannel = 'predictions.job-updated';
