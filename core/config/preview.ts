/**
 * A setting's value as an error may quote it. A value that looks like a key or secret (a run of 16
 * or more key characters mixing letters and digits: a hex key, a base64 secret, a UUID) shows only
 * its first four characters: a private key pasted into the wrong variable must not reach a log.
 */
const KEY_RUN = /[A-Za-z0-9+/=_-]{16,}/g;
const SHOWN = 4;

/** A number in exponent form ("1e999…") mixes a letter and digits too, but is no key. */
const EXPONENT_NUMBER = /^[0-9]+[eE][0-9]+$/;

function looksLikeKey(run: string): boolean {
  return /[0-9]/.test(run) && /[A-Za-z]/.test(run) && !EXPONENT_NUMBER.test(run);
}

/** The text with every key-like run cut to its first four characters. */
export function maskKeyLike(text: string): string {
  return text.replace(KEY_RUN, (run) => (looksLikeKey(run) ? `${run.slice(0, SHOWN)}…` : run));
}

/** A value for an error message: JSON-quoted, at most 60 characters, key-like runs masked. */
export function previewValue(value: unknown): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  const masked = maskKeyLike(text);
  const shown = masked.length > 60 ? `${masked.slice(0, 57)}...` : masked;
  return masked === text ? shown : `${shown} (masked: it looks like a key)`;
}
