/** Bad command-line usage: printed with the command's help, exit code 2. */
export class UsageError extends Error {}
