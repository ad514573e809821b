// SMPP command_status values by name (SMPP v3.4 §5.1.3, as the `smpp` package lists them), and
// which of them a retry can help.
import smpp from 'smpp';

const NAMES = new Map(Object.entries(smpp.errors).map(([name, code]) => [code, name]));

/** ESME_RTHROTTLED and the like, with the code in hex: `ESME_RINVDSTADR (0x0000000B)`. */
export function statusName(status: number): string {
  const hex = `0x${status.toString(16).toUpperCase().padStart(8, '0')}`;
  return `${NAMES.get(status) ?? 'unknown status'} (${hex})`;
}

/** The SMSC is busy, not refusing the message: throttled, or its queue for the number is full. */
export function isPassingStatus(status: number): boolean {
  return status === smpp.errors.ESME_RTHROTTLED || status === smpp.errors.ESME_RMSGQFUL;
}
