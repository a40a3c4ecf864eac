/**
 * A start-up failure the operator can fix by changing a setting. Its message names that
 * setting, so `main` prints only the message: a stack trace would bury it.
 */
export class StartupError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "StartupError";
  }
}
