// STRANGLER_LISTEN_PORT / STRANGLER_ADMIN_PORT override routes.yaml's ports per process (replicas on one
// machine share one stored table); anything but a port is refused with the variable's name.
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../proxy/cluster/options.ts';
import { LISTEN_PORT_ENV, withPortOverride } from '../../../proxy/cluster/portOverrides.ts';

const configured = { host: '127.0.0.1', port: 8080 };

describe('port overrides', () => {
  it('keep the configured port when unset or empty, and take the variable when set', () => {
    expect(withPortOverride(configured, LISTEN_PORT_ENV, {})).toEqual(configured);
    expect(withPortOverride(configured, LISTEN_PORT_ENV, { [LISTEN_PORT_ENV]: '' })).toEqual(configured);
    expect(withPortOverride(configured, LISTEN_PORT_ENV, { [LISTEN_PORT_ENV]: '8082' })).toEqual({
      host: '127.0.0.1',
      port: 8082,
    });
    expect(withPortOverride(configured, LISTEN_PORT_ENV, { [LISTEN_PORT_ENV]: '0' }).port).toBe(0);
  });

  it.each(['80a', '-1', '65536', '1.5', ' 80'])('refuse %j naming the variable', (raw) => {
    expect(() => withPortOverride(configured, LISTEN_PORT_ENV, { [LISTEN_PORT_ENV]: raw })).toThrow(UsageError);
    expect(() => withPortOverride(configured, LISTEN_PORT_ENV, { [LISTEN_PORT_ENV]: raw })).toThrow(
      /STRANGLER_LISTEN_PORT: .* is not a port — use 0\.\.65535/,
    );
  });
});
