/**
 * A request prepared ahead of its due time and held there (open-loop arrivals). The scheduler makes the request a few
 * milliseconds early — its body, its trial's bookkeeping, its connection from the pool — and {@link SendGate.open}s the
 * gate at the due time, so that all a send costs then is the write; {@link SendGate.close} drops it unsent (the level
 * stopped before it was due). A backend that cannot hold a request is simply called once the gate opens.
 */
export class SendGate {
  private state: "held" | "open" | "closed" = "held";
  private readonly waiters: Array<(go: boolean) => void> = [];

  /** Calls `fn` when the gate opens (true) or closes (false): at once, in the same call, if it already has. */
  onSettle(fn: (go: boolean) => void): void {
    if (this.state === "held") this.waiters.push(fn);
    else fn(this.state === "open");
  }

  /** Resolves true when the request is to go out now, false when it is dropped unsent. */
  get opened(): Promise<boolean> {
    return new Promise<boolean>((resolve) => this.onSettle(resolve));
  }

  /** The request goes out now: its waiters run synchronously, so the write happens inside this call. */
  open(): void {
    this.settle("open");
  }

  close(): void {
    this.settle("closed");
  }

  /** Opened or closed. */
  get settled(): boolean {
    return this.state !== "held";
  }

  /** The request was dropped unsent. */
  get closed(): boolean {
    return this.state === "closed";
  }

  private settle(to: "open" | "closed"): void {
    if (this.state !== "held") return;
    this.state = to;
    for (const fn of this.waiters.splice(0)) fn(to === "open");
  }
}
