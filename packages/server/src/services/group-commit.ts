/**
 * Group commit: writes that arrive while earlier ones are being committed are written together, in one
 * transaction, and each caller is answered when the transaction that holds its rows has committed.
 *
 * A lone write goes at once (no timer, no added wait); under load, at most `maxInFlight` batches are being
 * written at a time and everything that arrives meanwhile forms the next batch (up to `maxBatch`), so one
 * commit (one WAL flush, one round trip per statement) serves many requests. If a batch fails, each of its
 * items is written again alone, so one bad item fails only its own caller.
 */
interface Waiting<T, R> {
  item: T;
  resolve: (r: R) => void;
  reject: (e: unknown) => void;
}

export class GroupCommit<T, R> {
  readonly #write: (items: T[]) => Promise<R[]>;
  readonly #maxBatch: number;
  readonly #maxInFlight: number;
  #queue: Waiting<T, R>[] = [];
  #inFlight = 0;
  /** Batches written so far and the items in them (for tests and measurements). */
  readonly stats = { batches: 0, items: 0, largest: 0, retriedAlone: 0 };

  /** `write` must answer one result per item, in order, and write all of them or none (one transaction). */
  constructor(write: (items: T[]) => Promise<R[]>, opts: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.#write = write;
    this.#maxBatch = opts.maxBatch ?? 64;
    this.#maxInFlight = opts.maxInFlight ?? 2;
  }

  /** Resolves with the item's result once its batch has committed. */
  submit(item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  #pump(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length) {
      const batch = this.#queue.splice(0, this.#maxBatch);
      this.#inFlight++;
      void this.#flush(batch).finally(() => {
        this.#inFlight--;
        this.#pump();
      });
    }
  }

  async #flush(batch: Waiting<T, R>[]): Promise<void> {
    this.stats.batches++;
    this.stats.items += batch.length;
    this.stats.largest = Math.max(this.stats.largest, batch.length);
    try {
      const results = await this.#write(batch.map((b) => b.item));
      for (const [i, b] of batch.entries()) b.resolve(results[i]!);
    } catch (e) {
      if (batch.length === 1) {
        batch[0]!.reject(e);
        return;
      }
      // Nothing of the batch was written (one transaction): each item alone, so only a bad one fails.
      for (const b of batch) {
        this.stats.retriedAlone++;
        try {
          b.resolve((await this.#write([b.item]))[0]!);
        } catch (alone) {
          b.reject(alone);
        }
      }
    }
  }
}
