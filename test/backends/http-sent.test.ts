/**
 * When is a request `sent`? When it goes onto its connection — for a new https connection, after the TLS handshake,
 * so that a slow handshake is not counted as the server's time to first token. Against a local https server (self-made
 * certificate) whose handshake is held back 300 ms by an asynchronous SNI callback.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import https from "node:https";
import tls from "node:tls";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AddressInfo } from "node:net";
import { streamHttp } from "../../src/backends/http/stream.js";
import { tempDir } from "../helpers/experiments.js";

const HANDSHAKE_DELAY_MS = 300;

test("https: `sent` is stamped after the TLS handshake of a new connection, and at once on a reused one", async () => {
  const d = tempDir();
  const keyFile = join(d, "key.pem");
  const certFile = join(d, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", keyFile, "-out", certFile, "-days", "1", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost"], { stdio: "ignore" });
  const key = readFileSync(keyFile);
  const cert = readFileSync(certFile);
  const context = tls.createSecureContext({ key, cert });
  let handshakes = 0;
  const server = https.createServer(
    { key, cert, SNICallback: (_name, cb) => void setTimeout(() => (handshakes++, cb(null, context)), HANDSHAKE_DELAY_MS) },
    (req, res) => {
      req.resume();
      req.on("end", () => res.end("ok"));
    },
  );
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  // An IP address sends no SNI; the agent names the server so that the (delayed) SNI callback runs.
  const agent = new https.Agent({ keepAlive: true, ca: cert, servername: "localhost" });
  const once = async () => {
    const t0 = performance.now();
    let sent = NaN;
    let read = NaN;
    for await (const ev of streamHttp({ url, method: "GET", agent, signal: AbortSignal.timeout(10_000) })) {
      if (ev.type === "sent") sent = ev.t;
      else if (Number.isNaN(read)) read = ev.t;
    }
    return { before: sent - t0, answer: read - sent };
  };
  try {
    const fresh = await once();
    assert.equal(handshakes, 1);
    assert.ok(fresh.before >= HANDSHAKE_DELAY_MS - 5, `sent ${fresh.before.toFixed(1)} ms after the call: the handshake must come before it`);
    assert.ok(fresh.answer < HANDSHAKE_DELAY_MS, `answer ${fresh.answer.toFixed(1)} ms after sent: the handshake must not be counted in it`);
    const reused = await once();
    assert.equal(handshakes, 1, "the second request rides the same connection");
    assert.ok(reused.before < HANDSHAKE_DELAY_MS / 2, `sent ${reused.before.toFixed(1)} ms after the call on a warm connection`);
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
});
