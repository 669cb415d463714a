/** Messages between the load generator (main thread) and its worker threads. */
import type { Credentials } from '../meter-client.ts';

export interface LoadWorkerData {
  /** The vault processes; meter i talks to urls[i % urls.length]. */
  urls: string[];
  bankEncPem: string;
  credentials: Credentials[];
  postage: number;
  mailDate: string;
}

export type LoadCommand =
  | { type: 'register' }
  | { type: 'purchase'; amount: number }
  | { type: 'run'; warmupMs: number; measureMs: number }
  | { type: 'close' };

export type LoadReply =
  | { type: 'registered' }
  | { type: 'purchased' }
  | { type: 'ran'; latencies: Float64Array; windowMs: number }
  | { type: 'closed' }
  | { type: 'failed'; message: string };
