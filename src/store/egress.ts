/**
 * The egress log: every host a run's HTTP requests went to, and how many. It lands in the manifest and the report, so a
 * client can see where their data went (and that it stayed on the machine when every host is local).
 */
import { isLoopback } from "../backends/locality.js";

export interface EgressEntry {
  host: string;
  /** Loopback (always on this machine). Hosts declared local by an experiment are marked on their backend. */
  loopback: boolean;
  requests: number;
}

export class EgressLog {
  private readonly counts = new Map<string, number>();

  constructor(previous: readonly EgressEntry[] = []) {
    for (const e of previous) this.counts.set(e.host, e.requests);
  }

  record(url: URL): void {
    this.counts.set(url.host, (this.counts.get(url.host) ?? 0) + 1);
  }

  entries(): EgressEntry[] {
    return [...this.counts].sort(([a], [b]) => a.localeCompare(b)).map(([host, requests]) => ({ host, loopback: isLoopback(`http://${host}`), requests }));
  }
}
