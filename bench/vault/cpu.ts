/**
 * CPU time of processes, for "µs of CPU per indicium": a figure that, unlike throughput, barely
 * moves with what else the machine is doing, so it shows whether a change made the work cheaper.
 */
import { readFileSync } from 'node:fs';

/** Linux clock ticks per second (sysconf(_SC_CLK_TCK)); 100 on every common kernel. */
const TICKS_PER_SECOND = 100;

/** User + system CPU seconds of a process, all its threads (fields 14 and 15 of /proc/PID/stat). */
export function processCpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // The command name (field 2) may hold spaces; the fields after it are plain numbers.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

/** This process's user + system CPU seconds (all threads, the load generator's workers included). */
export function ownCpuSeconds(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
}
