/** Bad indicium input or bytes: the message says what is wrong and never contains key material. */
export class IndiciumError extends Error {
  override readonly name = 'IndiciumError';
}
