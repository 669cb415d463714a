/** A progress bar on stderr for the backup commands; one bar per stage label. */
import cliProgress from 'cli-progress';
import type { Progress } from './snapshot.ts';

export function progressBar(): { update: Progress; stop: () => void } {
  let bar: cliProgress.SingleBar | null = null;
  let label = '';
  const stop = () => {
    bar?.stop();
    bar = null;
  };
  const update: Progress = (done, total, stage) => {
    if (stage !== label || bar === null) {
      stop();
      label = stage;
      bar = new cliProgress.SingleBar({ format: `${stage.padEnd(24)} [{bar}] {percentage}%`, stream: process.stderr }, cliProgress.Presets.shades_classic);
      bar.start(Math.max(total, 1), 0);
    }
    bar.setTotal(Math.max(total, 1));
    bar.update(done);
  };
  return { update, stop };
}
