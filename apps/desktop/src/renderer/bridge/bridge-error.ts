/** The error a bridge call rejects with in the renderer: a code of the contract and a sentence to show. */
import type { ErrorCode } from '../../shared/contract.ts';

export class BridgeError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'BridgeError';
  }
}
