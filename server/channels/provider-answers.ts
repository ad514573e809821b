// Answers to a provider's webhook and what to do when the desk could not take its event: the
// provider retries anything but its success answer, so a refusal says only whether to.
import type { ServerResponse } from 'node:http';
import { AttachmentRefused } from '../attachments/attachments';
import { DeskError } from '../desk/errors';
import { DataError } from '../store/store';

export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  headers: Record<string, string> = {},
): void {
  // No BOM, no newline: VK compares the body with `ok` byte for byte.
  res.writeHead(status, {
    'content-type': 'text/plain; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * The answer for an error the desk raised while taking an event in, or undefined for one it
 * did not expect (the route's caller logs it and answers 500, and the provider retries).
 */
export function refusalOf(
  error: unknown,
): { status: number; text: string; headers?: Record<string, string> } | undefined {
  // The contact writes too fast: the provider's retry comes later, when there is room.
  if (error instanceof DeskError && error.code === 'TOO_MANY_REQUESTS')
    return { status: 429, text: error.message, headers: { 'retry-after': '1' } };
  // Disk space is low (server/disk-guard.ts): nothing stored; the provider retries.
  if (error instanceof DeskError && error.code === 'SERVICE_UNAVAILABLE')
    return { status: 503, text: error.message, headers: { 'retry-after': '30' } };
  if (error instanceof AttachmentRefused || error instanceof DataError)
    return { status: 400, text: `the message was not stored: ${(error as Error).message}` };
  if (error instanceof DeskError) return { status: 400, text: error.message };
  return undefined;
}
