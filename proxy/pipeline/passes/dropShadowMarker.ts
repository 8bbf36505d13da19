// `x-strangler-shadow` tells new that a request is the proxy's shadow copy (`sandbox`: run it without side
// effects). Only the proxy may say so: a client sending it would turn its own write into a dry run that
// still answers 201, so the header is removed from every client request before it goes anywhere.
import { SHADOW_HEADER } from '../../cutover/shadow/shadowHeader.ts';
import type { Pass } from '../context.ts';

export const dropShadowMarker: Pass = (req) => {
  if (req.headers[SHADOW_HEADER] !== undefined) delete req.headers[SHADOW_HEADER];
};
