/** A webhook receiver for the enclosing file or describe block: started before its tests, cleared before each one, stopped after them. */
import { afterAll, beforeAll, beforeEach } from "bun:test";
import { startWebhookReceiver, type WebhookReceiver } from "./webhook-receiver.ts";

export function useWebhookReceiver(): WebhookReceiver {
  const receiver = {} as WebhookReceiver;
  beforeAll(async () => void Object.assign(receiver, await startWebhookReceiver()));
  beforeEach(() => receiver.clear());
  afterAll(() => receiver.stop());
  return receiver;
}
