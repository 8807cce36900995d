/** A command that ran and failed (bad rows, an unknown asset, a failed training job): its message is printed, exit code 1. */
export class CommandFailed extends Error {
  override name = 'CommandFailed';
}
