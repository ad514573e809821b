// The outbound rule of shared/text-rules.ts: what happens to plain text the desk sends out. Its
// own module, free of zod, so that the console (which fills templates) starts without loading it.

// C0 controls but \n and \t, DEL, and C1 (U+0080–U+009F). CR goes too: a line break is \n on the
// wire and each channel writes its own (e-mail's CRLF).
const OUTBOUND_CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;

/**
 * Plain text as it may leave the desk: control characters (C0 except \n and \t, DEL, C1) removed,
 * CRLF and lone CR made \n. Applied once, where an operator's reply is accepted for sending, so
 * what is stored is what the customer got.
 */
export function outboundText(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(OUTBOUND_CONTROL, '');
}
