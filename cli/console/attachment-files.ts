// The console's side of attachments (issue 14 §3): a dialog's files numbered as the transcript
// lists them, `/save N [PATH]` writing one where the console runs (over SSH too: the bytes come
// through the API), and `/attach PATH` reading a local file and sending it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Attachment, Message } from '../../shared/schemas';
import type { ConsoleClient } from './console-client';

export type NumberedFile = { number: number; message: Message; index: number; file: Attachment };

/** Base64 of a part stays under the server's 192 KiB a call (LIMITS.uploadBase64). */
const PART_BYTES = 144 * 1024;

/** Every file of a transcript, numbered from 1, oldest first: the numbers the transcript shows. */
export function numberedFiles(messages: readonly Message[]): NumberedFile[] {
  const files: NumberedFile[] = [];
  for (const message of messages)
    (message.attachments ?? []).forEach((file, index) =>
      files.push({ number: files.length + 1, message, index, file }),
    );
  return files;
}

/**
 * Where a file is saved: PATH as given (relative to the console's directory), or the file's own
 * name inside PATH when it is a directory or missing. The customer's name loses any directory
 * part and anything a terminal or a shell would take for more than a name.
 */
export async function saveTarget(fileName: string, given: string, cwd: string): Promise<string> {
  const own =
    path
      .basename(fileName.replaceAll('\\', '/'))
      .replace(/[\p{Cc}\p{Cf}]/gu, '')
      .slice(0, 200)
      .replace(/^\.+/, '') || 'file';
  if (!given) return path.join(cwd, own);
  const target = path.resolve(cwd, given);
  const stat = await fs.stat(target).catch(() => null);
  return stat?.isDirectory() ? path.join(target, own) : target;
}

/** Downloads one file in parts and writes it; never over an existing file. Returns the path written. */
export async function saveFile(
  client: Pick<ConsoleClient, 'attachment'>,
  conversationId: string,
  entry: NumberedFile,
  given: string,
  cwd: string,
): Promise<string> {
  const parts: Buffer[] = [];
  for (let offset = 0; ;) {
    const chunk = await client.attachment({ conversationId, messageId: entry.message.id, index: entry.index, offset });
    const bytes = Buffer.from(chunk.data, 'base64');
    parts.push(bytes);
    offset += bytes.length;
    if (chunk.done || bytes.length === 0) break;
  }
  const target = await saveTarget(entry.file.name, given, cwd);
  try {
    await fs.writeFile(target, Buffer.concat(parts), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST')
      throw new Error(`a file exists already at ${target}: give another PATH (/save N PATH)`, { cause: error });
    throw error;
  }
  return target;
}

/** Reads a local file, uploads it in parts, and sends it to the dialog as a message of its own. */
export async function attachFile(
  client: Pick<ConsoleClient, 'upload' | 'send'>,
  conversationId: string,
  given: string,
  cwd: string,
): Promise<string> {
  const source = path.resolve(cwd, given);
  const bytes = await fs.readFile(source);
  const name = path.basename(source);
  let ref: string | undefined;
  let offset = 0;
  do {
    const part = bytes.subarray(offset, offset + PART_BYTES);
    offset += part.length;
    const last = offset >= bytes.length;
    const progress = await client.upload({ name, data: part.toString('base64'), append: ref, last });
    ref = progress.ref;
  } while (offset < bytes.length);
  await client.send({ conversationId, clientId: randomUUID(), text: '', private: false, attachments: [ref!] });
  return name;
}
