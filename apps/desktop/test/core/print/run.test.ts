import assert from 'node:assert/strict';
import { test } from 'node:test';
import { run } from '../../../src/core/print/run.ts';

test('a command that exits without reading its input fails by its exit code, not by crashing the process', async () => {
  // 4 MiB is far more than a pipe buffers, so the write hits the closed pipe (EPIPE).
  await assert.rejects(run('sh', ['-c', 'exit 3'], Buffer.alloc(4 * 1024 * 1024)), /sh exited with 3/);
});

test('a command that ignores stdin and succeeds still answers with its stdout', async () => {
  assert.equal((await run('sh', ['-c', 'echo ready'], Buffer.alloc(4 * 1024 * 1024, 120))).toString(), 'ready\n');
  assert.equal((await run('echo', ['no input'])).toString(), 'no input\n');
});

test('input reaches the command', async () => {
  assert.equal((await run('cat', [], Buffer.from('label bytes'))).toString(), 'label bytes');
});
