// strangler start [...]: runs the proxy; start-up (flags, env, drain) lives in proxy/main.ts.
interface MainModule {
  main(argv: string[]): Promise<void>;
}

// The specifier is a variable so this file compiles whether or not main.ts has landed yet.
const MAIN_MODULE = '../../main.ts';

export async function startCommand(args: string[]): Promise<number> {
  const { main } = (await import(MAIN_MODULE)) as MainModule;
  await main(args);
  return 0;
}
