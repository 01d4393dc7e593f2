/**
 * Whether requests to a backend stay on this machine. One definition, used by `validate` (the confidentiality guard)
 * and by every backend (the runner checks again before each request).
 */
import type { BackendConfig } from "../validate/schema.js";

/** Loopback names and addresses: localhost, *.localhost, 127.0.0.0/8, ::1. (0.0.0.0 is not: it names no host.) */
export function isLoopback(url: string): boolean {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return false;
  }
  host = host.replace(/^\[|\]$/g, "");
  return host === "localhost" || host.endsWith(".localhost") || host === "::1" || /^127(\.\d{1,3}){3}$/.test(host);
}

/** The address a backend sends to, or null for the embedded engine. */
export function backendAddress(config: BackendConfig): string | null {
  switch (config.type) {
    case "llama-cpp":
      return null;
    case "ollama":
    case "lmstudio":
      return config.host;
    default:
      return config.base_url;
  }
}

/** Local: the embedded engine, a loopback address, or a server the experiment declares local (on premises). */
export function backendIsLocal(config: BackendConfig): boolean {
  const address = backendAddress(config);
  if (address === null) return true;
  if ("local" in config && config.local !== undefined) return config.local;
  return isLoopback(address);
}
