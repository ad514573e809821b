// What a customer's (or an operator's) file really is, from its bytes (file-type), never from the
// name it came with: a renamed program stays a program. Programs and scripts are refused; of the
// rest, only raster images are ever shown inline (in the widget), everything else is served as a
// download, with the detected type and `nosniff`.
import { fileTypeFromBuffer } from 'file-type';

export type FileVerdict = { ok: true; mime: string; inline: boolean } | { ok: false; reason: string };

/** Raster images: a browser shows them and runs nothing in them (SVG, which can hold scripts, is not one). */
export const INLINE_TYPES: ReadonlySet<string> = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** Detected types that are programs, installers or shortcuts to them. */
const PROGRAMS = new Set([
  'application/x-msdownload',
  'application/vnd.microsoft.portable-executable',
  'application/x-elf',
  'application/x-mach-binary',
  'application/x-sharedlib',
  'application/x-executable',
  'application/java-archive',
  'application/java-vm',
  'application/x-ms-shortcut',
  'application/vnd.android.package-archive',
  'application/x-apple-diskimage',
  'application/x-msi',
  'application/wasm',
  'application/x-sh',
]);

/** Names a system would run on a double click, whatever the bytes are (a .bat is plain text). */
const PROGRAM_NAMES =
  /\.(exe|com|scr|pif|bat|cmd|msi|msp|dll|cpl|jar|js|jse|mjs|vbs|vbe|wsf|wsh|hta|ps1|psm1|sh|bash|app|apk|lnk|reg|html?|xhtml|svg)$/i;

export async function checkFile(bytes: Buffer, name: string): Promise<FileVerdict> {
  if (PROGRAM_NAMES.test(name.trim()))
    return { ok: false, reason: `files named like "${extension(name)}" may run as programs` };
  const detected = await fileTypeFromBuffer(bytes);
  if (detected && PROGRAMS.has(detected.mime)) return { ok: false, reason: `the file is a program (${detected.mime})` };
  if (detected) return { ok: true, mime: detected.mime, inline: INLINE_TYPES.has(detected.mime) };
  // No signature: text if it decodes as UTF-8 without NULs, otherwise unknown bytes.
  return { ok: true, mime: isText(bytes) ? 'text/plain; charset=utf-8' : 'application/octet-stream', inline: false };
}

function isText(bytes: Buffer): boolean {
  if (bytes.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function extension(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? name : name.slice(dot);
}
