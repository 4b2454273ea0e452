import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { notes } from '../../server/db/schema.ts';
import { WriteBatcher } from '../../server/db/write-batcher.ts';
import type { Actor } from '../../server/services/context.ts';
import { Harness } from '../helpers/harness.ts';

let harness: Harness;
let user: Actor;
beforeEach(async () => {
  harness = await Harness.create({ withoutLabs: true });
  user = await harness.user('tomas');
});
afterEach(() => harness.dispose());

const noteCount = () =>
  (harness.db.$client.prepare('select count(*) as count from notes').get() as { count: number }).count;

describe('group commit of durable writes', () => {
  it('commits the writes of one turn together and acknowledges each after the commit', async () => {
    const batcher = new WriteBatcher(harness.db);
    const writes = ['a', 'b', 'c'].map((labId) =>
      batcher.run(
        (tx) =>
          tx.insert(notes).values({ userId: user.id, labId, body: labId, revision: 1, updatedAt: new Date() }).run()
            .changes,
      ),
    );
    expect(noteCount()).toBe(0);
    expect(await Promise.all(writes)).toEqual([1, 1, 1]);
    expect(noteCount()).toBe(3);
  });

  it('rolls back only the write that failed, rejecting it, while the others in the batch commit', async () => {
    const batcher = new WriteBatcher(harness.db);
    const failing = batcher.run((tx) => {
      tx.insert(notes)
        .values({ userId: user.id, labId: 'failed', body: 'half written', revision: 1, updatedAt: new Date() })
        .run();
      throw new Error('refused after writing');
    });
    const passing = batcher.run(
      (tx) =>
        tx
          .insert(notes)
          .values({ userId: user.id, labId: 'kept', body: 'kept', revision: 1, updatedAt: new Date() })
          .run().changes,
    );
    await expect(failing).rejects.toThrow('refused after writing');
    expect(await passing).toBe(1);
    expect(harness.db.$client.prepare('select lab_id as labId from notes').all()).toEqual([{ labId: 'kept' }]);
  });

  it('runs a write’s after-commit hooks once it is stored, before it is acknowledged, and never for a write rolled back', async () => {
    const batcher = new WriteBatcher(harness.db);
    const announced: string[] = [];
    const stored = batcher.run((tx, afterCommit) => {
      tx.insert(notes)
        .values({ userId: user.id, labId: 'kept', body: 'kept', revision: 1, updatedAt: new Date() })
        .run();
      afterCommit(() =>
        announced.push(harness.db.$client.inTransaction ? 'kept, inside the transaction' : 'kept, after the commit'),
      );
      expect(announced).toEqual([]);
      return 'stored';
    });
    const refused = batcher.run((tx, afterCommit) => {
      tx.insert(notes)
        .values({ userId: user.id, labId: 'gone', body: 'gone', revision: 1, updatedAt: new Date() })
        .run();
      afterCommit(() => announced.push('gone'));
      throw new Error('refused after asking for an announcement');
    });
    const acknowledged = stored.then((value) => [value, [...announced]]);
    await expect(refused).rejects.toThrow('refused after asking');
    expect(await acknowledged).toEqual(['stored', ['kept, after the commit']]);
    expect(announced).toEqual(['kept, after the commit']);
  });

  it('acknowledges a stored write even when one of its hooks throws', async () => {
    const batcher = new WriteBatcher(harness.db);
    const stored = batcher.run((tx, afterCommit) => {
      tx.insert(notes).values({ userId: user.id, labId: 'a', body: 'a', revision: 1, updatedAt: new Date() }).run();
      afterCommit(() => {
        throw new Error('a listener failed');
      });
      return 'stored';
    });
    const quiet = console.error;
    console.error = () => {};
    try {
      expect(await stored).toBe('stored');
    } finally {
      console.error = quiet;
    }
    expect(noteCount()).toBe(1);
  });
});
