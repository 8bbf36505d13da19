// strangler start [...]: runs the proxy; start-up (flags, env, workers, drain) lives in proxy/main.ts.
export async function startCommand(args: string[]): Promise<number> {
  // Imported on demand so the other commands do not load the whole proxy.
  const { main } = await import('../../main.ts');
  await main(args);
  return 0;
}
