/**
 * The one HTTP call alert channels make: a POST with a timeout, whose failure is classified into a
 * `ChannelError` (retryable or not, with Retry-After). Delivery must never throw anything else.
 */
import { retryAfterMs } from "../http/fetch-json.ts";
import { ChannelError } from "./types.ts";

export type PostOptions = {
  url: string;
  body: string;
  contentType: string;
  headers?: Record<string, string>;
  timeoutMs: number;
  /** Names the channel in error messages. */
  channel: string;
  fetch?: typeof fetch;
};

/** POSTs and returns the response text; throws ChannelError on any failure. */
export async function post(options: PostOptions): Promise<{ status: number; text: string }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  let text: string;
  try {
    response = await doFetch(options.url, {
      method: "POST",
      headers: { "content-type": options.contentType, ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const name = (error as Error).name;
    const what = name === "TimeoutError" || name === "AbortError" ? `no answer within ${options.timeoutMs} ms` : `request failed: ${(error as Error).message}`;
    throw new ChannelError(`${options.channel}: ${what}`, true);
  }
  if (response.ok) return { status: response.status, text };
  // 429 and 5xx are worth another try; any other 4xx (bad token, bad payload) will not get better.
  const retryable = response.status === 429 || response.status === 408 || response.status >= 500;
  const detail = text.trim().slice(0, 200);
  throw new ChannelError(`${options.channel}: HTTP ${response.status}${detail ? `: ${detail}` : ""}`, retryable, retryAfterMs(response.headers.get("retry-after")));
}
