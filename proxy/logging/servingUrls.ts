// The URLs a started Strangler serves, logged once at start as `serving` (readable at a terminal as a list).

export interface ServingUrls {
  proxy: string;
  dashboard: string;
  docs?: string;
  metrics: string;
}

/** `docs`: the reference services' API docs, served through the proxy when --demo runs them. */
export function servingUrls(proxyUrl: string, adminUrl: string, demo: boolean): ServingUrls {
  return {
    proxy: proxyUrl,
    dashboard: `${adminUrl}/dashboard`,
    ...(demo ? { docs: `${proxyUrl}/api/docs` } : {}),
    metrics: `${adminUrl}/metrics`,
  };
}
