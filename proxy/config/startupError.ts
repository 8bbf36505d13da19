// A start-up failure the operator fixes by changing one setting: main.ts prints its message as one line
// (no stack trace) and exits 1. The message names the cause and the config key or environment variable.

export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}

/** `listen` for the proxy listener, `admin` for the admin listener: the routes.yaml keys that set them. */
export type ListenerKey = 'listen' | 'admin';

/** The listen error of a server as a StartupError naming `<key>.port` or `<key>.host`; other errors unchanged. */
export function listenFailure(error: unknown, at: { host: string; port: number }, key: ListenerKey): unknown {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const where = `${at.host}:${at.port}`;
  const name = key === 'listen' ? 'the proxy' : 'the admin listener';
  switch (code) {
    case 'EADDRINUSE':
      return new StartupError(
        `${name} cannot listen on ${where}: the port is already in use (EADDRINUSE) — stop the process holding it (ss -ltnp 'sport = :${at.port}') or set ${key}.port in routes.yaml to a free port`,
      );
    case 'EACCES':
      return new StartupError(
        `${name} may not listen on ${where} (EACCES): ports below 1024 need root or CAP_NET_BIND_SERVICE — set ${key}.port in routes.yaml to 1024 or above`,
      );
    case 'EADDRNOTAVAIL':
      return new StartupError(
        `${name} cannot listen on ${where}: ${at.host} is not an address of this machine (EADDRNOTAVAIL) — set ${key}.host in routes.yaml to 127.0.0.1, 0.0.0.0 or one of its addresses`,
      );
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return new StartupError(
        `${name} cannot listen on ${where}: the host name ${at.host} does not resolve (${code}) — set ${key}.host in routes.yaml to an IP address`,
      );
    default:
      return error;
  }
}
