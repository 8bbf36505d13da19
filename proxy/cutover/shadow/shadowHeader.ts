// The shadow-copy header, the one contract between the proxy and new: every copy the proxy sends to new
// carries it; `sandbox` asks new to run without side effects (a copied write), `read` marks a copied read.
// Only the proxy may set it (pipeline/passes/dropShadowMarker.ts removes a client's).
export const SHADOW_HEADER = 'x-strangler-shadow';
export const SHADOW_READ = 'read';
export const SHADOW_SANDBOX = 'sandbox';
