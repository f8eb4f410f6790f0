/**
 * How guessable a configured key is. Keys are stored as an unsalted SHA-256, which is safe only for
 * keys that are random: this estimate refuses keys that a person made up or that repeat themselves.
 * It cannot know words, so it errs on the side of trusting long mixed text; the docs ask for
 * `openssl rand -base64 32`.
 */

/** Bits a key must be estimated to hold. */
export const MIN_KEY_BITS = 128;

/** The alphabet a key seems to be drawn from: hex digits alone, or the classes of character it uses. */
function poolSize(key: string): number {
  if (/^[0-9a-f]+$/.test(key) || /^[0-9A-F]+$/.test(key)) return 16;
  return (/[a-z]/.test(key) ? 26 : 0) + (/[A-Z]/.test(key) ? 26 : 0) + (/[0-9]/.test(key) ? 10 : 0) + (/[^A-Za-z0-9]/.test(key) ? 33 : 0);
}

/**
 * Characters that carry information: one that goes on a run of repeats or of steps by one (the `c`
 * of `abc`, the third `a` of `aaa`) counts for nothing, and a stretch of three or more that repeats
 * earlier text counts as one.
 */
function informativeCharacters(key: string): number {
  let count = 0;
  for (let i = 0; i < key.length; ) {
    let longest = 0;
    for (let start = 0; start < i; start++) {
      let n = 0;
      while (i + n < key.length && start + n < i && key[start + n] === key[i + n]) n++;
      longest = Math.max(longest, n);
    }
    if (longest >= 3) {
      count += 1;
      i += longest;
      continue;
    }
    const step = i > 0 ? key.charCodeAt(i) - key.charCodeAt(i - 1) : NaN;
    const before = i > 1 ? key.charCodeAt(i - 1) - key.charCodeAt(i - 2) : NaN;
    if (!(Math.abs(step) <= 1 && step === before)) count += 1;
    i += 1;
  }
  return count;
}

/** Estimated bits of entropy of a key. */
export function estimatedKeyBits(key: string): number {
  if (key.length === 0) return 0;
  return Math.floor(informativeCharacters(key) * Math.log2(poolSize(key)));
}
