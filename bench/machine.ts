import { cpus } from 'node:os';

export interface Machine {
  cpus: number;
  model: string;
}

export function describeMachine(): Machine {
  const list = cpus();
  return { cpus: list.length, model: list[0]?.model.trim() ?? 'unknown' };
}
