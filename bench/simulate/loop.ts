/**
 * The virtual-time loop. Each worker runs its own loop, as `p88 worker` processes would: tick while
 * there is due work, else wait for the clock to move. The clock moves by each API call's simulated
 * cost while anyone works (waking the idle workers, who look for due work again), and when every
 * worker is idle the last one to stop jumps it to the next due target, the next change in the world
 * or the next checkpoint. The world's changes are made as the clock passes their times; after each
 * tick the pending ones are looked up in the database.
 */
import type { Queryable } from '../../src/db/database.js';
import type { Worker } from '../../src/scheduler/worker.js';
import type { ChangeTracker } from './changes.js';
import type { VirtualClock } from './clock.js';

/** When something is due but no worker could take it (all leased), look again this much later. */
const STUCK_STEP_MS = 1000;

export interface LoopInput {
  clock: VirtualClock;
  workers: Worker[];
  db: Queryable;
  changes: ChangeTracker;
  end: number;
  /** Each runs once, as soon as the clock has passed its `at` (ascending). */
  checkpoints?: { at: number; run: () => Promise<void> }[];
}

export async function runVirtualTime(input: LoopInput): Promise<{ ticks: number; jumps: number }> {
  const { clock, changes, end } = input;
  const checkpoints = [...(input.checkpoints ?? [])];
  const counts = { ticks: 0, jumps: 0 };
  let idle = 0;

  const catchUp = async () => {
    changes.applyDue(clock.time);
    await changes.resolve(input.db, clock.time);
    while (checkpoints[0] && checkpoints[0].at <= clock.time) await checkpoints.shift()!.run();
  };

  const jump = async () => {
    const due = await nextDueAt(input.db);
    const next = Math.min(due ?? Infinity, changes.nextAt() ?? Infinity, checkpoints[0]?.at ?? Infinity, end);
    counts.jumps += 1;
    clock.moveTo(next > clock.time ? next : clock.time + STUCK_STEP_MS);
  };

  const workerLoop = async (worker: Worker) => {
    while (clock.time < end) {
      await catchUp();
      const worked = await worker.tick();
      counts.ticks += 1;
      if (worked) continue;
      const moved = clock.moved();
      idle += 1;
      // The last worker to find nothing moves time on; the others wait for it (or for anyone's call).
      if (idle === input.workers.length) await jump();
      await moved;
      idle -= 1;
    }
  };

  await Promise.all(input.workers.map(workerLoop));
  await catchUp();
  return counts;
}

async function nextDueAt(db: Queryable): Promise<number | undefined> {
  const [row] = await db.query<{ at: Date | null }>(
    `select min(st.next_run_at) as at from sync_targets st join connections c on c.id = st.connection_id
     where st.state = 'active' and c.status = 'active'`,
  );
  return row?.at?.getTime();
}
