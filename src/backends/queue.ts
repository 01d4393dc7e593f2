/**
 * A first-in first-out queue reused from batch to batch: a socket's handler or a parser fills it, read by read, and
 * the consumer empties it. Emptying an array with `length = 0` (or swapping in a new one) frees its storage, and the
 * next push allocates another — once per read, on the path every streamed token takes. Here the storage stays; a
 * slot handed out is cleared, so that the queue keeps nothing alive that its consumer has taken.
 */
export class Queue<T> {
  private items: Array<T | undefined> = [];
  private head = 0;
  private tail = 0;

  push(item: T): void {
    this.items[this.tail++] = item;
  }

  get size(): number {
    return this.tail - this.head;
  }

  /** The oldest item, taken out; undefined when the queue is empty. */
  shift(): T | undefined {
    if (this.head === this.tail) return undefined;
    const item = this.items[this.head];
    this.items[this.head++] = undefined;
    if (this.head === this.tail) this.head = this.tail = 0;
    return item;
  }

  clear(): void {
    for (let i = this.head; i < this.tail; i++) this.items[i] = undefined;
    this.head = this.tail = 0;
  }
}
