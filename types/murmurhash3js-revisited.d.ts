declare module 'murmurhash3js-revisited' {
  /** MurmurHash3 over bytes, as the C++ reference computes it. */
  const murmur: { x86: { hash32(bytes: Uint8Array, seed?: number): number } };
  export default murmur;
}
