/** The error a bridge call rejects with in the renderer: a code and a sentence to show. */
export class BridgeError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
