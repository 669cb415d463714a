/** Token bucket: `rate` requests per second, bursts up to `rate`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly rate: number) {
    this.tokens = rate;
    this.last = performance.now();
  }

  take(): boolean {
    const now = performance.now();
    this.tokens = Math.min(this.rate, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
