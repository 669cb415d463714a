/** The sinks a Node host offers: CUPS always (it lists nothing where CUPS is absent), and the file sink when a folder is given. */
import type { Log } from '../log.ts';
import { CupsSink } from './cups-sink.ts';
import { FileSink } from './file-sink.ts';
import type { PrintSink } from './sink.ts';

export function defaultSinks(printDir: string | undefined, log: Log): PrintSink[] {
  const sinks: PrintSink[] = [new CupsSink(log)];
  if (printDir) sinks.push(new FileSink(printDir));
  return sinks;
}
