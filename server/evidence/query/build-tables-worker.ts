import { parentPort } from 'node:worker_threads';
import type { BuildCommand, BuildMessage } from './build-tables.ts';
import { writeTables } from './write-tables.ts';

/**
 * The body of a build worker thread (see build-tables.ts): one build at a time for the main thread.
 * After each artefact it reports its progress and waits for the main thread to say go on or stop.
 */

class BuildStopped extends Error {}

const port = parentPort;
if (port) {
  let answer: ((command: BuildCommand) => void) | undefined;
  const say = (message: BuildMessage) => port.postMessage(message);
  port.on('message', (command: BuildCommand) => {
    if (command.type !== 'build') {
      answer?.(command);
      return;
    }
    writeTables(
      command.file,
      command.artefacts,
      async (done, total) => {
        const reply = new Promise<BuildCommand>((resolve) => {
          answer = resolve;
        });
        say({ type: 'progress', done, total });
        if ((await reply).type === 'stop') throw new BuildStopped('stopped by the server');
      },
      command.options,
      (done, total) => say({ type: 'reading', done, total }),
    ).then(
      (manifest) => say({ type: 'done', manifest }),
      (error: unknown) => say({ type: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
  });
}
