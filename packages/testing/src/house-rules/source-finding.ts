/** One place in a source file that breaks a house rule. */
export interface SourceFinding {
  readonly file: string;
  /** 1-based line. */
  readonly line: number;
  /** What is wrong there, with the offending code. */
  readonly message: string;
}
