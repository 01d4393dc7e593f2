/**
 * The SSE reader over timed reads, on both of its paths (reads handed over by `streamHttp`'s queue, drained without a
 * promise per read, and any async iterable), and both ways of taking its events (iterated, or pumped into a callback
 * as parsed — what the runner uses): each event carries the time of the read that completed it, a UTF-8 character or
 * an event cut between reads is joined, a byte order mark is dropped, a server error is thrown only after the events
 * before it, and a consumer that stops early (or whose callback throws) drops the request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { HttpReads, type HttpStreamEvent } from "../../src/backends/http/stream.js";
import { openAIEvents } from "../../src/backends/openai/stream.js";
import { canPump, type BackendEvent } from "../../src/backends/types.js";

const event = (content: string): string => `data: ${JSON.stringify({ choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`;
const closing = `data: ${JSON.stringify({ choices: [{ index: 0, delta: {}, finish_reason: "stop" }] })}\n\ndata: [DONE]\n\n`;

/** The body cut into reads at the given byte offsets, read i stamped at t = 10·(i+1). */
function reads(body: string, cuts: number[]): HttpStreamEvent[] {
  const bytes = Buffer.from(body, "utf8");
  const at = [0, ...cuts, bytes.length];
  const out: HttpStreamEvent[] = [{ type: "sent", t: 1 }];
  for (let i = 0; i + 1 < at.length; i++) out.push({ type: "read", t: 10 * (i + 1), bytes: bytes.subarray(at[i], at[i + 1]) });
  return out;
}

async function* generator(evs: HttpStreamEvent[]): AsyncGenerator<HttpStreamEvent> {
  for (const e of evs) yield e;
}

/** An HttpReads fed as a socket would feed it: the reads arrive over several turns of the event loop. */
function queued(evs: HttpStreamEvent[], failure?: Error, onStop = () => {}): HttpReads {
  return new HttpReads((r) => {
    let i = 0;
    const tick = () => {
      const e = evs[i++];
      if (e) r.push(e);
      if (i === 2) r.push(evs[i++]!); // two reads queued at once: drained in one go
      if (i < evs.length) setImmediate(tick);
      else r.finish(failure as never);
    };
    tick();
  }, onStop);
}

async function collect(events: AsyncIterable<BackendEvent>): Promise<{ events: BackendEvent[]; error: unknown }> {
  const out: BackendEvent[] = [];
  try {
    for await (const e of events) out.push(e);
  } catch (error) {
    return { events: out, error };
  }
  return { events: out, error: null };
}

/** The same, with the events pumped into a callback instead of iterated. */
async function pumped(events: AsyncIterable<BackendEvent>): Promise<{ events: BackendEvent[]; error: unknown }> {
  assert.ok(canPump(events), "the SSE reader can pump");
  const out: BackendEvent[] = [];
  try {
    await events.pump((e) => out.push(e));
  } catch (error) {
    return { events: out, error };
  }
  return { events: out, error: null };
}

const chunks = (events: BackendEvent[]) => events.flatMap((e) => (e.type === "chunk" ? [[e.t, e.text]] : []));

for (const [name, source, take] of [
  ["streamHttp's queue", (evs: HttpStreamEvent[]) => queued(evs), collect],
  ["an async generator", generator, collect],
  ["streamHttp's queue, pumped", (evs: HttpStreamEvent[]) => queued(evs), pumped],
  ["an async generator, pumped", generator, pumped],
] as const) {
  test(`SSE over ${name}: times, split characters and events, byte order mark`, async () => {
    const body = `\ufeff${event("héllo")}${event("wörld")}${closing}`;
    const bytes = Buffer.from(body);
    // cut inside the BOM's bytes' neighbourhood, inside "é" (2 bytes), and inside the second event
    const e1 = bytes.indexOf("é");
    const cuts = [2, e1 + 1, bytes.indexOf("w", e1) + 3];
    const { events, error } = await take(openAIEvents(source(reads(body, cuts))));
    assert.equal(error, null);
    assert.deepEqual(events[0], { type: "sent", t: 1 });
    assert.deepEqual(events[1], { type: "first_byte", t: 10 });
    assert.deepEqual(chunks(events), [[30, "héllo"], [40, "wörld"]]);
    assert.equal(events.at(-1)?.type, "end");
  });

  test(`SSE over ${name}: an error event is thrown after the events before it`, async () => {
    const body = `${event("a")}data: {"error":{"message":"boom"}}\n\n${event("b")}${closing}`;
    const { events, error } = await take(openAIEvents(source(reads(body, [5]))));
    assert.deepEqual(chunks(events).map((c) => c[1]), ["a"]);
    assert.match(String((error as Error).message), /server error in stream: boom/);
  });
}

for (const [how, take] of [["iterated", collect], ["pumped", pumped]] as const) {
  test(`SSE over streamHttp's queue, ${how}: a failed body is thrown after the events read before it`, async () => {
    const { events, error } = await take(openAIEvents(queued(reads(event("a"), []), new Error("dropped"))));
    assert.deepEqual(chunks(events).map((c) => c[1]), ["a"]);
    assert.equal((error as Error).message, "dropped");
  });
}

test("SSE over streamHttp's queue, pumped: a callback that throws stops the stream, drops the request and is the rejection", async () => {
  let stopped = 0;
  const body = `${event("a")}${event("b")}${event("c")}${closing}`;
  const seen: string[] = [];
  const events = openAIEvents(queued(reads(body, [10, 60, 120]), undefined, () => stopped++));
  assert.ok(canPump(events));
  await assert.rejects(
    events.pump((e) => {
      if (e.type !== "chunk") return;
      seen.push(e.text);
      if (e.text === "a") throw new Error("sink");
    }),
    /sink/,
  );
  assert.deepEqual(seen, ["a"], "no event after the one whose callback threw");
  assert.equal(stopped, 1);
});

test("SSE over streamHttp's queue: a consumer that stops early drops the request", async () => {
  let stopped = 0;
  const body = `${event("a")}${event("b")}${event("c")}${closing}`;
  for await (const e of openAIEvents(queued(reads(body, [10, 60, 120]), undefined, () => stopped++))) {
    if (e.type === "chunk") break;
  }
  assert.equal(stopped, 1);
});
