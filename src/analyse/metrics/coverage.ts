/**
 * Where requests overlapped (a concurrency level above 1, an open-loop level), a server-counted figure stands for the
 * level only where the server counted every request of it. The embedded engine keeps its counters only for a request
 * that ran alone: under load those are the few that had the engine to themselves, a faster subset (5 of 60 requests
 * at 15 req/s gave 2,085 tok/s by its count against 582 by trialbook's clock). Where part of such a level has the
 * server's figure, trialbook's own figure is the level's. One request at a time, a figure missing here and there is
 * not tied to the load, and the level's figure is the mean over the requests that have one.
 */
import type { MetricId } from "./index.js";

const SERVER_COUNTED: ReadonlySet<MetricId> = new Set<MetricId>(["decode_tps_server", "prefill_tps_server"]);

/** A level where requests ran beside each other: above concurrency 1, or open loop. */
export const overlapped = (level: { concurrency: number; rate?: number | undefined }): boolean => level.concurrency !== 1 || level.rate !== undefined;

/**
 * True when `metric` is the server's own count, the level's requests `overlapped`, and the server counted fewer than
 * all of the `of` requests it was taken over.
 */
export const partialServerFigure = (metric: MetricId, counted: number, of: number, overlapping: boolean): boolean => overlapping && SERVER_COUNTED.has(metric) && counted < of;
