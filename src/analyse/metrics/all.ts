/** The per-trial metric functions, for callers that want one figure without the registry. */
export { clientDecodeRate, serverDecodeRate } from "./decode.js";
export { clientPrefillRate, serverPrefillRate } from "./prefill.js";
export { serverLoadMs } from "./load.js";
export { tpotMs } from "./tpot.js";
export { outputTokens, tokenMismatch, tokensEstimated, visibleOutputTokens } from "./tokens.js";
export { itlPerChunk, itlPerToken } from "./itl.js";
