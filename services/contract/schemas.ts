// Field schemas several endpoints share.
import { z } from 'zod';

export const IsoDate = z.iso.date().describe('YYYY-MM-DD');

/** Market symbols are case-insensitive on input and upper-case everywhere else. */
export const SymbolParam = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9.]{0,9}$/, 'must be a ticker such as AAPL')
  .transform((s) => s.toUpperCase());

export const SymbolParams = z.object({ symbol: SymbolParam });
